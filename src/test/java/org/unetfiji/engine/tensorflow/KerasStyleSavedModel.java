package org.unetfiji.engine.tensorflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * Writes a SavedModel as Keras and TensorFlow 2 export it (there is no Python TensorFlow here): resource variables
 * ({@code VarHandleOp}) in the graph; the network in the function library, called by a {@code StatefulPartitionedCall}
 * through a signature wrapper that calls the model's function; the saver as the functions
 * {@code __inference__traced_save_*} ({@code StringJoin}, {@code ShardedFilename}, {@code SaveV2},
 * {@code MergeV2Checkpoints}) and {@code __inference__traced_restore_*} ({@code RestoreV2}, {@code AssignVariableOp}),
 * called with the {@code saver_filename} placeholder; a {@code serving_default} signature; a real V2 checkpoint in
 * {@code variables/}, written by running the save function. The network: a 1 × 1 convolution of a
 * {@code (batch, y, x, 1)} image into one or two channels with {@link #WEIGHTS} and {@link #BIASES}, then (or not) a
 * sigmoid.
 */
public final class KerasStyleSavedModel {

	/** Per output channel. */
	public static final float[] WEIGHTS = { 2, 1 };
	public static final float[] BIASES = { -1, 0 };
	/** The serving signature's input and output names, as Keras names them. */
	public static final String INPUT = "input_1";
	public static final String OUTPUT = "output_0";

	private static final String[] CHECKPOINT_KEYS = { "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE",
		"layer_with_weights-0/bias/.ATTRIBUTES/VARIABLE_VALUE" };

	private KerasStyleSavedModel() {}

	/** What the one-channel network with a sigmoid computes for one pixel. */
	public static float expected(float value) {
		return sigmoid(WEIGHTS[0] * value + BIASES[0]);
	}

	public static float sigmoid(double logit) {
		return (float) (1 / (1 + Math.exp(-logit)));
	}

	/** Writes the one-channel network with a sigmoid into the new folder {@code folder}. */
	public static Path write(Path folder) throws IOException {
		return write(folder, 1, true);
	}

	/**
	 * Writes the network into the new folder {@code folder}.
	 *
	 * @param channels output channels, 1 or 2
	 * @param sigmoid whether it ends with a sigmoid (else it outputs logits)
	 */
	public static Path write(Path folder, int channels, boolean sigmoid) throws IOException {
		Files.createDirectories(folder.resolve("variables"));
		try (ConcreteFunction model = ConcreteFunction.create(tf -> {
			Placeholder<TFloat32> x = image(tf);
			Operand<?> kernel = resource(tf, "kernel");
			Operand<?> bias = resource(tf, "bias");
			Operand<TFloat32> convolved = tf.nn.conv2d(x, tf.readVariableOp(kernel, TFloat32.class),
				List.of(1L, 1L, 1L, 1L), "SAME");
			Operand<TFloat32> logits = tf.nn.biasAdd(convolved, tf.readVariableOp(bias, TFloat32.class));
			Operand<TFloat32> y = sigmoid ? tf.math.sigmoid(logits) : logits;
			return Signature.builder().input(INPUT, x).input("kernel", kernel).input("bias", bias)
				.output(OUTPUT, tf.identity(y)).build();
		}); ConcreteFunction wrapper = ConcreteFunction.create(tf -> {
			Placeholder<TFloat32> x = image(tf);
			Operand<?> kernel = resource(tf, "kernel");
			Operand<?> bias = resource(tf, "bias");
			Operand<?> y = model.call(tf, Map.of(INPUT, x, "kernel", kernel, "bias", bias)).get(OUTPUT);
			return Signature.builder().input(INPUT, x).input("kernel", kernel).input("bias", bias)
				.output(OUTPUT, tf.identity(y)).build();
		}); ConcreteFunction save = ConcreteFunction.create(tf -> {
			Placeholder<TString> prefix = tf.withName("file_prefix").placeholder(TString.class);
			Placeholder<TFloat32> kernel = tf.withName("kernel").placeholder(TFloat32.class);
			Placeholder<TFloat32> bias = tf.withName("bias").placeholder(TFloat32.class);
			Operand<TString> shard = tf.io.shardedFilename(tf.strings.join(List.of(prefix, tf.constant("_temp/part"))),
				tf.constant(0), tf.constant(1));
			var saved = tf.train.save(shard, keys(tf), slices(tf), List.of(kernel, bias));
			var merged = tf.withControlDependencies(saved).train.mergeV2Checkpoints(tf.stack(List.of(shard)), prefix);
			return Signature.builder().input("file_prefix", prefix).input("kernel", kernel).input("bias", bias)
				.output("saved", tf.withControlDependencies(merged).identity(prefix)).build();
		}); ConcreteFunction restore = ConcreteFunction.create(tf -> {
			Placeholder<TString> prefix = tf.withName("file_prefix").placeholder(TString.class);
			Operand<?> kernel = resource(tf, "kernel");
			Operand<?> bias = resource(tf, "bias");
			var restored = tf.train.restore(prefix, keys(tf), slices(tf), List.of(TFloat32.class, TFloat32.class));
			var assignKernel = tf.assignVariableOp(kernel, restored.tensors().get(0));
			var assignBias = tf.assignVariableOp(bias, restored.tensors().get(1));
			return Signature.builder().input("file_prefix", prefix).input("kernel", kernel).input("bias", bias)
				.output("restored", tf.withControlDependencies(assignKernel, assignBias).identity(prefix)).build();
		}); Graph graph = new Graph()) {
			Ops tf = Ops.create(graph);
			var kernel = tf.withName("conv2d_kernel").varHandleOp(TFloat32.class, Shape.of(1, 1, 1, channels),
				VarHandleOp.sharedName("conv2d/kernel"));
			var bias = tf.withName("conv2d_bias").varHandleOp(TFloat32.class, Shape.of(channels),
				VarHandleOp.sharedName("conv2d/bias"));
			var input = tf.withName("serving_default_" + INPUT).placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, -1, -1, 1)));
			Operand<?> output = wrapper.call(tf, Map.of(INPUT, input, "kernel", kernel, "bias", bias)).get(OUTPUT);
			var fileName = tf.withName("saver_filename").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
			Operand<?> saved = save.call(tf, Map.of("file_prefix", fileName, "kernel",
				tf.readVariableOp(kernel, TFloat32.class), "bias", tf.readVariableOp(bias, TFloat32.class)))
				.get("saved");
			Operand<?> restored = restore.call(tf, Map.of("file_prefix", fileName, "kernel", kernel, "bias", bias))
				.get("restored");
			// the values, set and saved once here; the SavedModel only restores them
			var setKernel = tf.withName("set_kernel").assignVariableOp(kernel,
				tf.withName("kernel_value").constant(new float[][][][]{ { { Arrays.copyOf(WEIGHTS, channels) } } }));
			var setBias = tf.withName("set_bias").assignVariableOp(bias,
				tf.withName("bias_value").constant(Arrays.copyOf(BIASES, channels)));
			try (Session session = new Session(graph);
				TString prefix = TString.scalarOf(folder.resolve("variables/variables").toString()))
			{
				session.runner().addTarget(setKernel).addTarget(setBias).run();
				session.runner().feed(fileName, prefix).fetch(saved).run().close();
			}
			GraphDef keras = asKeras(graph.toGraphDef(), Map.of(output.op().name(), "signature_wrapper",
				saved.op().name(), "_traced_save", restored.op().name(), "_traced_restore"));
			SignatureDef signature = SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict")
				.putInputs(INPUT, image(input.op().name() + ":0", 1))
				.putOutputs(OUTPUT, image("StatefulPartitionedCall:0", channels)).build();
			MetaGraphDef metaGraph = MetaGraphDef.newBuilder()
				.setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve").setTensorflowVersion("2.15.0"))
				.setGraphDef(keras)
				.setSaverDef(SaverDef.newBuilder().setFilenameTensorName("saver_filename:0")
					.setSaveTensorName("StatefulPartitionedCall_1:0").setRestoreOpName("StatefulPartitionedCall_2")
					.setVersion(SaverDef.CheckpointFormatVersion.V2))
				.putSignatureDef("serving_default", signature).build();
			Files.write(folder.resolve("saved_model.pb"),
				SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(metaGraph).build().toByteArray());
		}
		return folder;
	}

	/** Rewrites the SavedModel's {@code saved_model.pb}. */
	public static void change(Path folder, UnaryOperator<GraphDef> change) throws IOException {
		Path file = folder.resolve("saved_model.pb");
		SavedModel.Builder model = SavedModel.parseFrom(Files.readAllBytes(file)).toBuilder();
		model.getMetaGraphsBuilder(0).setGraphDef(change.apply(model.getMetaGraphs(0).getGraphDef()));
		Files.write(file, model.build().toByteArray());
	}

	/**
	 * The graph as Keras writes it: the three calls of the graph become {@code StatefulPartitionedCall},
	 * {@code _1} (save) and {@code _2} (restore), functions are named {@code __inference_KIND_N} (the one the wrapper
	 * calls {@code __inference_model_call_N}), and the set-up of the values is gone.
	 */
	private static GraphDef asKeras(GraphDef graph, Map<String, String> calls) {
		List<String> order = List.of("signature_wrapper", "_traced_save", "_traced_restore");
		Map<String, String> names = new HashMap<>();
		for (NodeDef node : graph.getNodeList())
			if (calls.containsKey(node.getName())) names.put(node.getAttrOrThrow("f").getFunc().getName(),
				"__inference_" + calls.get(node.getName()) + "_" + (100 + order.indexOf(calls.get(node.getName()))));
		for (FunctionDef function : graph.getLibrary().getFunctionList())
			names.putIfAbsent(function.getSignature().getName(), "__inference_model_call_99");
		GraphDef.Builder keras = graph.toBuilder().clearNode();
		for (NodeDef node : graph.getNodeList()) {
			if (node.getName().startsWith("set_") || node.getName().endsWith("_value")) continue;
			NodeDef.Builder copy = node.toBuilder();
			if (calls.containsKey(node.getName())) {
				int index = order.indexOf(calls.get(node.getName()));
				copy.setName("StatefulPartitionedCall" + (index == 0 ? "" : "_" + index))
					.setOp("StatefulPartitionedCall");
			}
			keras.addNode(renameCallee(copy, names));
		}
		for (FunctionDef.Builder function : keras.getLibraryBuilder().getFunctionBuilderList()) {
			function.getSignatureBuilder().setName(names.get(function.getSignature().getName()));
			for (NodeDef.Builder node : function.getNodeDefBuilderList())
				renameCallee(node, names);
		}
		return keras.build();
	}

	private static NodeDef.Builder renameCallee(NodeDef.Builder node, Map<String, String> names) {
		if (node.containsAttr("f")) node.putAttr("f",
			AttrValue.newBuilder()
				.setFunc(NameAttrList.newBuilder().setName(names.get(node.getAttrOrThrow("f").getFunc().getName())))
				.build());
		return node;
	}

	private static Placeholder<TFloat32> image(Ops tf) {
		return tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 1)));
	}

	/** A function argument holding a resource variable (TensorFlow Java has no type for it). */
	private static Operand<?> resource(Ops tf, String name) {
		return ((Graph) tf.scope().env()).opBuilder("Placeholder", name, tf.scope())
			.setAttr("dtype", DataType.DT_RESOURCE).build().output(0);
	}

	private static Operand<TString> keys(Ops tf) {
		return tf.constant(StandardCharsets.UTF_8, CHECKPOINT_KEYS);
	}

	private static Operand<TString> slices(Ops tf) {
		return tf.constant(StandardCharsets.UTF_8, new String[]{ "", "" });
	}

	/** A float {@code (batch, y, x, channels)} tensor of the signature. */
	private static TensorInfo image(String name, int channels) {
		TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
		for (long size : new long[]{ -1, -1, -1, channels })
			shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(size));
		return TensorInfo.newBuilder().setName(name).setDtype(DataType.DT_FLOAT).setTensorShape(shape).build();
	}
}
