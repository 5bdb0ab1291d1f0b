package org.unetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unetfiji.cli.CommandLineTest.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.cli.CommandLineTest.Result;

/** A published package, broken in one way at a time: each gets one clear line and a non-zero exit code. */
class BadForeignPackageTest {

	private static final List<String> FILES = List.of("bioimageio.yaml", "weights.onnx", "weights.pt", "test_input.npy",
		"test_output.npy", "README.md");

	@TempDir
	Path folder;

	/** A copy of the package with its descriptor changed. */
	private Path copy(UnaryOperator<String> change) throws IOException {
		for (String file : FILES)
			Files.copy(CheckCommandTest.NUCLEI.resolve(file), folder.resolve(file));
		Path yaml = folder.resolve("bioimageio.yaml");
		String text = Files.readString(yaml, StandardCharsets.UTF_8).replace("\r\n", "\n");
		String changed = change.apply(text);
		assertNotEquals(text, changed, "the change must apply");
		Files.writeString(yaml, changed, StandardCharsets.UTF_8);
		return folder;
	}

	private static String oneLineError(Path model) {
		Result result = run("check", "model=" + model, "engine=auto");
		assertNotEquals(0, result.code(), result.out());
		assertEquals(1, result.err().lines().count(), result.err());
		return result.err();
	}

	@Test
	void onlyWeightsThatNeedPython() throws IOException {
		Path model = copy(t -> t.replaceAll("(?s)  onnx:\n.*?(?=  pytorch_state_dict:)", "")
			.replaceAll("(?s)  torchscript:\n.*", ""));
		String error = oneLineError(model);
		assertTrue(error.contains("'weights' has no format this plugin runs (it has: pytorch_state_dict)"), error);
	}

	@Test
	void twoInputs() throws IOException {
		Path model = copy(t -> t.replace("inputs:\n  - id: raw\n",
			"inputs:\n  - id: other\n    axes: []\n" + "    test_tensor: {source: test_input.npy}\n  - id: raw\n"));
		assertTrue(oneLineError(model).contains("'inputs' lists 2 tensors"));
	}

	@Test
	void twoOutputs() throws IOException {
		Path model = copy(t -> t.replace("outputs:\n  - id: probability\n", "outputs:\n  - id: other\n    axes: []\n" +
			"    test_tensor: {source: test_output.npy}\n" + "  - id: probability\n"));
		assertTrue(oneLineError(model)
			.contains("'outputs' lists 2 tensors; this plugin runs models with exactly one " + "input and one output"));
	}

	@Test
	void outputsOfAnotherSize() throws IOException {
		Path scaled = copy(t -> t.replace("          axis_id: y\n        id: y\n",
			"          axis_id: y\n        id: y\n        scale: 2.0\n"));
		String error = oneLineError(scaled);
		assertTrue(error.contains("'outputs[0].axes[2]': its scale 2.0 is not the input's 1.0; outputs of another " +
			"size than the input are not supported yet"), error);
		Files.delete(folder.resolve("bioimageio.yaml"));
		for (String file : FILES.subList(1, FILES.size()))
			Files.delete(folder.resolve(file));
		Path cropped = copy(t -> t.replace("          axis_id: y\n", "          axis_id: y\n          offset: -64\n"));
		error = oneLineError(cropped);
		assertTrue(error.contains("'outputs[0].axes[2]': its size {tensor_id=raw, axis_id=y, offset=-64} is not " +
			"that of the input's axis 'y'"), error);
	}

	@Test
	void missingWeightsFile() throws IOException {
		Path model = copy(t -> t.replace("source: weights.onnx", "source: gone.onnx"));
		String error = oneLineError(model);
		assertTrue(error.contains("names 'gone.onnx' (weights.onnx.source) but there is no such file"), error);
	}

	@Test
	void checksumMismatch() throws IOException {
		Path model = copy(
			t -> t.replace("85f5ac80fa977fea3562ef97c8c5950288be2c4f4cdb5d994807df97008ce088", "a".repeat(64)));
		String error = oneLineError(model);
		assertTrue(error.contains("Checksum mismatch for weights.onnx (the ONNX weights)"), error);
	}

	@Test
	void severalDescriptorsAndNoneChosen() throws IOException {
		Path model = copy(t -> t.replace("name: UNet 2D Nuclei Broad", "name: Copy"));
		Files.move(model.resolve("bioimageio.yaml"), model.resolve("a.bioimageio.yaml"));
		Files.copy(model.resolve("a.bioimageio.yaml"), model.resolve("b.bioimageio.yaml"));
		String error = oneLineError(model);
		assertTrue(error.contains("holds 2 descriptors [a.bioimageio.yaml, b.bioimageio.yaml]"), error);
		assertEquals(0, run("check", "model=" + model.resolve("b.bioimageio.yaml"), "engine=onnx").code());
	}

	@Test
	void unknownProcessingStep() throws IOException {
		Path model = copy(t -> t.replace("- id: sigmoid", "- id: magic"));
		String error = oneLineError(model);
		assertTrue(error.contains("unknown processing step 'magic'"), error);
	}
}
