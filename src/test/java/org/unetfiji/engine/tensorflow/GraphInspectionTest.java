package org.unetfiji.engine.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.network.NetworkConfig;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * Untrusted SavedModels: the graphs our builder writes and a SavedModel as Keras/TensorFlow 2 export it (functions,
 * {@code StatefulPartitionedCall}, resource variables, saver functions) pass the inspection, and graphs with
 * operations that touch files, processes or the network, in the graph or hidden inside a function, are refused by
 * name before TensorFlow loads them.
 */
class GraphInspectionTest {

	private static final NetworkConfig CONFIG = NetworkConfig.isotropic(2, 1, 2, 1, 2, false);

	@TempDir
	static Path folder;
	private static Path saved;
	private static SavedModel original;

	@BeforeAll
	static void saveSmallNetwork() throws IOException {
		saved = folder.resolve("original");
		try (TrainableNetwork network = new TensorFlowEngine().create(CONFIG, 1)) {
			network.save(saved);
		}
		original = SavedModel.parseFrom(Files.readAllBytes(saved.resolve("saved_model.pb")));
	}

	@Test
	void graphsOfEveryNetworkWeBuildPass() throws IOException {
		for (int dims : new int[]{ 2, 3 })
			for (boolean batchNorm : new boolean[]{ false, true }) {
				Path target = folder.resolve("built-" + dims + "d-" + batchNorm);
				try (TrainableNetwork network = new TensorFlowEngine()
					.create(NetworkConfig.isotropic(dims, 2, 3, 2, 2, batchNorm), 1))
				{
					network.save(target);
				}
				assertDoesNotThrow(() -> GraphInspection.check(target), dims + "D, batch norm " + batchNorm);
			}
		assertDoesNotThrow(() -> GraphInspection.check(Path.of("models/em-membranes-2d/saved_model")));
	}

	@Test
	void fileProcessAndNetworkOperationsAreRefusedByName() throws IOException {
		for (String op : new String[]{ "WriteFile", "ReadFile", "MatchingFiles", "PyFunc", "EagerPyFunc", "DecodeProto",
			"Print" })
		{
			Path mutated = mutate("with-" + op,
				graph -> graph.toBuilder().addNode(NodeDef.newBuilder().setName("sneaky_" + op).setOp(op)).build());
			IOException e = assertThrows(IOException.class, () -> GraphInspection.check(mutated));
			assertTrue(e.getMessage().contains("'sneaky_" + op + "' of type " + op), e.getMessage());
			// the engine refuses it the same way, before TensorFlow sees the graph
			IOException load = assertThrows(IOException.class, () -> new TensorFlowEngine().load(mutated, CONFIG));
			assertTrue(load.getMessage().contains(op), load.getMessage());
		}
	}

	@Test
	void saverOperationsMustUseTheSaversPlaceholder() throws IOException {
		Path constantPath = mutate("save-to-constant", graph -> graph.toBuilder() //
			.addNode(NodeDef.newBuilder().setName("target_path").setOp("Const")) //
			.addNode(NodeDef.newBuilder().setName("second_save").setOp("SaveV2").addInput("target_path")).build());
		IOException e = assertThrows(IOException.class, () -> GraphInspection.check(constantPath));
		assertTrue(e.getMessage().contains("'second_save' of type SaveV2"), e.getMessage());

		Path defaulted = mutate("saver-with-default", graph -> {
			GraphDef.Builder builder = graph.toBuilder();
			for (NodeDef.Builder node : builder.getNodeBuilderList())
				if (node.getName().equals("save/filename")) node.setOp("PlaceholderWithDefault");
			return builder.build();
		});
		e = assertThrows(IOException.class, () -> GraphInspection.check(defaulted));
		assertTrue(e.getMessage().contains("not from a placeholder"), e.getMessage());
	}

	@Test
	void kerasStyleSavedModelPassesAndRunsThroughItsSignature() throws IOException {
		Path keras = KerasStyleSavedModel.write(folder.resolve("keras"));
		assertDoesNotThrow(() -> GraphInspection.check(keras));
		try (Network network = new TensorFlowEngine().load(TensorFlowEngine.WEIGHT_FORMAT, keras, CONFIG)) {
			FloatTensor out = network.predict(new FloatTensor(new float[]{ -1, 0, 0.5f, 3 }, new long[]{ 1, 2, 2, 1 }));
			assertArrayEquals(new long[]{ 1, 2, 2, 1 }, out.shape());
			float[] in = { -1, 0, 0.5f, 3 };
			for (int i = 0; i < in.length; i++)
				assertEquals(KerasStyleSavedModel.expected(in[i]), out.data()[i], 1e-6, "pixel " + i);
		}
		// our own training cannot take it: it is not one of our networks
		IOException e = assertThrows(IOException.class, () -> new TensorFlowEngine().load(keras, CONFIG));
		assertTrue(e.getMessage().contains("is not a U-Net for Fiji network"), e.getMessage());
	}

	@Test
	void forbiddenOperationsInsideFunctionsAreRefusedByName() throws IOException {
		for (String op : new String[]{ "WriteFile", "ReadFile", "PyFunc" }) {
			Path keras = KerasStyleSavedModel.write(folder.resolve("keras-with-" + op));
			KerasStyleSavedModel.change(keras, graph -> inFunction(graph, "__inference_model_call_99",
				f -> f.addNodeDef(NodeDef.newBuilder().setName("hidden_" + op).setOp(op))));
			IOException e = assertThrows(IOException.class, () -> GraphInspection.check(keras));
			assertTrue(e.getMessage().contains(
				"'hidden_" + op + "' of type " + op + " in function '__inference_model_call_99'"), e.getMessage());
			IOException load = assertThrows(IOException.class,
				() -> new TensorFlowEngine().load(TensorFlowEngine.WEIGHT_FORMAT, keras, CONFIG));
			assertTrue(load.getMessage().contains(op), load.getMessage());
		}
	}

	@Test
	void callsMustNameALibraryFunctionAndSaverFunctionsTakeOnlyTheSaversFileName() throws IOException {
		Path undefined = KerasStyleSavedModel.write(folder.resolve("keras-undefined-call"));
		KerasStyleSavedModel.change(undefined,
			graph -> graph.toBuilder().addNode(NodeDef.newBuilder().setName("call_elsewhere")
				.setOp("StatefulPartitionedCall").putAttr("f", function("not_in_library"))).build());
		IOException e = assertThrows(IOException.class, () -> GraphInspection.check(undefined));
		assertTrue(
			e.getMessage().contains("calls function 'not_in_library', which the graph's library does not " + "define"),
			e.getMessage());

		Path otherFile = KerasStyleSavedModel.write(folder.resolve("keras-save-elsewhere"));
		KerasStyleSavedModel.change(otherFile, graph -> graph.toBuilder() //
			.addNode(NodeDef.newBuilder().setName("elsewhere").setOp("Const")) //
			.addNode(NodeDef.newBuilder().setName("save_elsewhere").setOp("StatefulPartitionedCall")
				.addInput("elsewhere").putAttr("f", function("__inference__traced_save_101")))
			.build());
		e = assertThrows(IOException.class, () -> GraphInspection.check(otherFile));
		assertTrue(
			e.getMessage().contains("'save_elsewhere' of type StatefulPartitionedCall: calls function " +
				"'__inference__traced_save_101', which reads or writes files, with a file name other than the saver's"),
			e.getMessage());

		Path fromModel = KerasStyleSavedModel.write(folder.resolve("keras-save-from-model"));
		KerasStyleSavedModel.change(fromModel,
			graph -> inFunction(graph, "__inference_model_call_99",
				f -> f.addNodeDef(NodeDef.newBuilder().setName("save_again").setOp("PartitionedCall")
					.addInput("input_1").putAttr("f", function("__inference__traced_save_101")))));
		e = assertThrows(IOException.class, () -> GraphInspection.check(fromModel));
		assertTrue(e.getMessage().contains("'save_again' of type PartitionedCall in function"), e.getMessage());

		Path constantName = KerasStyleSavedModel.write(folder.resolve("keras-restore-constant"));
		KerasStyleSavedModel.change(constantName, graph -> inFunction(graph, "__inference__traced_restore_102", f -> {
			f.addNodeDef(NodeDef.newBuilder().setName("fixed_path").setOp("Const"));
			for (NodeDef.Builder node : f.getNodeDefBuilderList())
				if (node.getOp().equals("RestoreV2")) node.setInput(0, "fixed_path:output:0");
		}));
		e = assertThrows(IOException.class, () -> GraphInspection.check(constantName));
		assertTrue(
			e.getMessage().contains("of type RestoreV2 in function '__inference__traced_restore_102': it reads " +
				"or writes a file other than the saver's"),
			e.getMessage());
	}

	/** The graph with one function of its library changed. */
	private static GraphDef inFunction(GraphDef graph, String name, Consumer<FunctionDef.Builder> change) {
		GraphDef.Builder builder = graph.toBuilder();
		FunctionDef.Builder function = builder.getLibraryBuilder().getFunctionBuilderList().stream()
			.filter(f -> f.getSignature().getName().equals(name)).findFirst().orElseThrow();
		change.accept(function);
		return builder.build();
	}

	private static AttrValue function(String name) {
		return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build();
	}

	@Test
	void unreadableGraphsGiveAClearError() throws IOException {
		byte[] bytes = Files.readAllBytes(saved.resolve("saved_model.pb"));
		Path truncated = Files.createDirectories(folder.resolve("truncated"));
		Files.write(truncated.resolve("saved_model.pb"), Arrays.copyOf(bytes, bytes.length / 2));
		IOException e = assertThrows(IOException.class, () -> GraphInspection.check(truncated));
		assertTrue(e.getMessage().contains("not a readable TensorFlow SavedModel"), e.getMessage());

		Path empty = Files.createDirectories(folder.resolve("empty"));
		e = assertThrows(IOException.class, () -> GraphInspection.check(empty));
		assertTrue(e.getMessage().contains("no saved_model.pb"), e.getMessage());
		assertFalse(Files.exists(empty.resolve("saved_model.pb")));
	}

	/** A copy of the small network's SavedModel whose graph was changed. */
	private static Path mutate(String name, UnaryOperator<GraphDef> change) throws IOException {
		SavedModel.Builder model = original.toBuilder();
		model.getMetaGraphsBuilder(0).setGraphDef(change.apply(original.getMetaGraphs(0).getGraphDef()));
		Path target = Files.createDirectories(folder.resolve(name));
		Files.write(target.resolve("saved_model.pb"), model.build().toByteArray());
		Path variables = Files.createDirectories(target.resolve("variables"));
		try (var files = Files.list(saved.resolve("variables"))) {
			for (Path file : (Iterable<Path>) files::iterator)
				Files.copy(file, variables.resolve(file.getFileName()));
		}
		return target;
	}
}
