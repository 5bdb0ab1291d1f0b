package org.unetfiji.engine.tensorflow;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.network.NetworkConfig;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;

/**
 * Untrusted SavedModels: the graphs our builder writes pass the inspection, and graphs with operations that touch
 * files, processes or the network are refused by name before TensorFlow loads them.
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
	void graphFunctionsAreRefused() throws IOException {
		Path withFunction = mutate("with-function", graph -> graph.toBuilder().setLibrary(graph.getLibrary().toBuilder()
			.addFunction(FunctionDef.newBuilder().setSignature(OpDef.newBuilder().setName("hidden")))).build());
		IOException e = assertThrows(IOException.class, () -> GraphInspection.check(withFunction));
		assertTrue(e.getMessage().contains("graph functions (hidden)"), e.getMessage());
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
