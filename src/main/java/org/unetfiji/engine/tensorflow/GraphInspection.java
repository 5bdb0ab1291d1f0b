package org.unetfiji.engine.tensorflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

import com.google.protobuf.CodedInputStream;

/**
 * Checks the graph of an untrusted SavedModel before TensorFlow loads it: every operation, in the graph and inside
 * every function of its library (TensorFlow 2 and Keras exports put the network there and call it with
 * {@code StatefulPartitionedCall}/{@code PartitionedCall}), must be one a segmentation network needs (an allow-list of
 * pure tensor arithmetic, variables and the optimiser); calls must name a function of the library. The only file
 * operations allowed are the saver's ({@code SaveV2}, {@code RestoreV2}, {@code MergeV2Checkpoints}): their file names
 * must come from the saver's file-name placeholder (in the graph, or as the first argument of a saver function that
 * only the graph calls, with that placeholder), so no other fetch can run them and they cannot name another file.
 */
public final class GraphInspection {

	/** Largest {@code saved_model.pb} read; ours are well under 1 MB. */
	public static final long MAX_GRAPH_BYTES = 64L << 20;

	/** Operation types a segmentation network's graph may hold (forward, gradients, Adam, batch norm, variables). */
	static final Set<String> ALLOWED = Set.of( //
		// structure and constants
		"Const", "Placeholder", "PlaceholderWithDefault", "Identity", "IdentityN", "NoOp", "StopGradient", "VariableV2",
		"Assign", "Fill", "ZerosLike", "OnesLike", "Shape", "ShapeN", "Size", "Rank", "Range", "Reshape", "ExpandDims",
		"Squeeze", "Tile", "Slice", "StridedSlice", "Pack", "Unpack", "Transpose", "ConcatV2", "ConcatOffset", "Pad",
		"PadV2", "MirrorPad", "Cast", "DynamicStitch", "BroadcastGradientArgs", "BroadcastTo", "Split", "SplitV",
		"GatherV2", "TruncatedNormal", "RandomStandardNormal", "RandomUniform",
		// resource variables (TensorFlow 2) and the saver's file-name arithmetic
		"VarHandleOp", "ReadVariableOp", "AssignVariableOp", "VarIsInitializedOp", "DisableCopyOnRead", "StringJoin",
		"ShardedFilename", "StaticRegexFullMatch",
		// arithmetic
		"Add", "AddV2", "AddN", "Sub", "Mul", "Div", "RealDiv", "DivNoNan", "FloorDiv", "Mod", "FloorMod", "Neg", "Abs",
		"Sign", "Floor", "Ceil", "Round", "Reciprocal", "Square", "Sqrt", "Rsqrt", "RsqrtGrad", "SqrtGrad", "Exp",
		"Log", "Log1p", "Pow", "Erf", "Maximum", "Minimum", "ClipByValue", "Sum", "Mean", "Prod", "Max", "Min",
		"ArgMax", "Select", "SelectV2", "Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual",
		"LogicalAnd", "LogicalOr", "LogicalNot", "SquaredDifference", "MatMul", "BatchMatMulV2",
		// network layers and their gradients
		"Conv2D", "Conv2DBackpropFilter", "Conv2DBackpropInput", "Conv3D", "Conv3DBackpropFilterV2",
		"Conv3DBackpropInputV2", "DepthwiseConv2dNative", "BiasAdd", "BiasAddGrad", "Relu", "ReluGrad", "Relu6",
		"LeakyRelu", "LeakyReluGrad", "Elu", "EluGrad", "Selu", "Softplus", "Softsign", "Sigmoid", "SigmoidGrad",
		"Tanh", "TanhGrad", "MaxPoolV2", "MaxPoolGradV2", "MaxPool", "MaxPoolGrad", "MaxPool3D", "MaxPool3DGrad",
		"AvgPool", "AvgPoolGrad", "AvgPool3D", "AvgPool3DGrad", "FusedBatchNormV3", "FusedBatchNormGradV3",
		"ResizeNearestNeighbor", "ResizeBilinear", "Softmax", "LogSoftmax", "SoftmaxCrossEntropyWithLogits",
		// optimiser
		"ApplyAdam", "ApplyGradientDescent", "ApplyMomentum");

	/** File operations, allowed only as the saver's own, fed with the saver's file name. */
	static final Set<String> SAVER_OPERATIONS = Set.of("SaveV2", "RestoreV2", "MergeV2Checkpoints");

	/** Operations that call a function of the library named by their {@code f} attribute. */
	static final Set<String> CALLS = Set.of("StatefulPartitionedCall", "PartitionedCall");

	/** Operations through which a file name keeps the saver's name as its beginning: {@code op → inputs followed}. */
	private static final Map<String, Integer> FILE_NAME_STEPS = Map.of("Identity", 1, "StringJoin", 1,
		"ShardedFilename", 1, "Pack", Integer.MAX_VALUE);

	private GraphInspection() {}

	/**
	 * @param savedModelFolder a SavedModel folder holding {@code saved_model.pb}
	 * @throws IOException naming the first operation that is not allowed, or saying why the graph is unreadable
	 */
	public static void check(Path savedModelFolder) throws IOException {
		Path file = savedModelFolder.resolve("saved_model.pb");
		if (!Files.isRegularFile(file))
			throw new IOException("no saved_model.pb in " + savedModelFolder + ": not a TensorFlow SavedModel");
		if (Files.size(file) > MAX_GRAPH_BYTES) throw new IOException(file + " is " + Files.size(file) +
			" bytes, more than the " + MAX_GRAPH_BYTES + " a U-Net graph needs; refusing to load it");
		SavedModel model;
		try (InputStream in = Files.newInputStream(file)) {
			CodedInputStream coded = CodedInputStream.newInstance(in);
			coded.setSizeLimit((int) MAX_GRAPH_BYTES);
			model = SavedModel.parseFrom(coded);
		}
		catch (IOException | RuntimeException e) {
			throw new IOException(file + " is not a readable TensorFlow SavedModel (" + e.getMessage() + ")", e);
		}
		if (model.getMetaGraphsCount() == 0) throw new IOException(file + " holds no graph");
		for (MetaGraphDef metaGraph : model.getMetaGraphsList())
			new Check(metaGraph, file).run();
	}

	/** The check of one meta graph: its graph, then every function of its library. */
	private static final class Check {

		private final GraphDef graph;
		private final Path file;
		private final Map<String, FunctionDef> functions = new LinkedHashMap<>();
		/** Functions holding a file operation: called only by the graph, with the saver's file name. */
		private final Set<String> saverFunctions = new HashSet<>();
		/** The saver's file-name tensor as the meta graph names it (empty without a saver). */
		private final String saverTensor;
		/** The operation of {@link #saverTensor}, once checked to be a placeholder; empty without a saver. */
		private String saverFileName;

		Check(MetaGraphDef metaGraph, Path file) {
			this.graph = metaGraph.getGraphDef();
			this.file = file;
			for (FunctionDef function : graph.getLibrary().getFunctionList()) {
				functions.put(function.getSignature().getName(), function);
				if (function.getNodeDefList().stream().anyMatch(n -> SAVER_OPERATIONS.contains(n.getOp())))
					saverFunctions.add(function.getSignature().getName());
			}
			this.saverTensor = metaGraph.getSaverDef().getFilenameTensorName();
		}

		void run() throws IOException {
			saverFileName = saverFileName();
			Map<String, NodeDef> nodes = new HashMap<>();
			for (NodeDef node : graph.getNodeList())
				nodes.put(node.getName(), node);
			for (NodeDef node : graph.getNodeList())
				check(node, nodes::get, saverFileName, null);
			for (FunctionDef function : functions.values()) {
				Map<String, NodeDef> inside = new HashMap<>();
				for (NodeDef node : function.getNodeDefList())
					inside.put(node.getName(), node);
				String fileArgument = function.getSignature().getInputArgCount() == 0 ? ""
					: function.getSignature().getInputArg(0).getName();
				for (NodeDef node : function.getNodeDefList())
					check(node, inside::get,
						saverFunctions.contains(function.getSignature().getName()) ? fileArgument : "",
						function.getSignature().getName());
			}
		}

		/**
		 * @param fileNameOrigin where file names may come from: the saver's placeholder in the graph, a saver
		 *            function's first argument, or nothing
		 * @param function the function holding the node, or null for the graph
		 */
		private void check(NodeDef node, Function<String, NodeDef> nodes, String fileNameOrigin, String function)
			throws IOException
		{
			String op = node.getOp();
			if (ALLOWED.contains(op)) return;
			String callee = CALLS.contains(op) && node.containsAttr("f") ? node.getAttrOrThrow("f").getFunc().getName()
				: functions.containsKey(op) ? op : null;
			if (callee != null) {
				if (!functions.containsKey(callee)) throw refused(node, function,
					"calls function '" + callee + "', which the graph's library does not define");
				if (!saverFunctions.contains(callee)) return;
				if (function == null && !saverFileName.isEmpty() && node.getInputCount() > 0 &&
					operation(node.getInput(0)).equals(saverFileName)) return;
				throw refused(node, function, "calls function '" + callee + "', which reads or writes files, with a " +
					"file name other than the saver's");
			}
			if (SAVER_OPERATIONS.contains(op)) {
				int fileNames = op.equals("MergeV2Checkpoints") ? 2 : 1;
				boolean saversOwn = !fileNameOrigin.isEmpty() && node.getInputCount() >= fileNames;
				for (int i = 0; saversOwn && i < fileNames; i++)
					saversOwn = fromFileName(node.getInput(i), nodes, fileNameOrigin, 0);
				if (saversOwn) return;
				throw refused(node, function, "it reads or writes a file other than the saver's");
			}
			throw refused(node, function, "it is not on the allow-list of operations a segmentation network needs");
		}

		/** Whether a file-name input begins with the saver's file name, through the steps that keep it there. */
		private boolean fromFileName(String input, Function<String, NodeDef> nodes, String origin, int depth) {
			String name = operation(input);
			if (name.equals(origin)) return true;
			NodeDef node = nodes.apply(name);
			Integer followed = node == null ? null : FILE_NAME_STEPS.get(node.getOp());
			if (followed == null || depth > 16) return false;
			List<String> data = node.getInputList().stream().filter(i -> !i.startsWith("^")).toList();
			if (data.isEmpty()) return false;
			for (String next : data.subList(0, Math.min(followed, data.size())))
				if (!fromFileName(next, nodes, origin, depth + 1)) return false;
			return true;
		}

		/**
		 * The saver's file-name operation, which must be a plain placeholder: TensorFlow feeds it when it restores
		 * the variables, and without a default no other fetch can make the saver's file operations run.
		 */
		private String saverFileName() throws IOException {
			if (saverTensor.isEmpty()) return "";
			String name = operation(saverTensor);
			for (NodeDef node : graph.getNodeList())
				if (node.getName().equals(name)) {
					if (!node.getOp().equals("Placeholder")) throw refused("its saver's file name comes from '" + name +
						"' of type " + node.getOp() + ", not from a placeholder");
					return name;
				}
			throw refused("its saver's file name '" + name + "' is not in the graph");
		}

		private IOException refused(NodeDef node, String function, String reason) {
			return refused("operation '" + node.getName() + "' of type " + node.getOp() +
				(function == null ? "" : " in function '" + function + "'") + ": " + reason +
				" (operations that touch files, processes or the network are never run)");
		}

		private IOException refused(String reason) {
			return new IOException("refusing to load the model graph " + file + ": " + reason);
		}
	}

	/**
	 * The operation (or function argument) of a tensor or input reference: {@code name:0}, {@code ^name} or, inside
	 * a function, {@code name:output:0} → {@code name}.
	 */
	private static String operation(String reference) {
		String name = reference.startsWith("^") ? reference.substring(1) : reference;
		int colon = name.indexOf(':');
		return colon < 0 ? name : name.substring(0, colon);
	}
}
