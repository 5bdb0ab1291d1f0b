package org.unetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unetfiji.cli.CommandLineTest.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;
import org.tensorflow.proto.NodeDef;
import org.unetfiji.cli.CommandLineTest.Result;
import org.unetfiji.engine.tensorflow.KerasStyleSavedModel;
import org.unetfiji.model.Checksums;
import org.unetfiji.model.Npy;
import org.unetfiji.model.NpyArray;

/**
 * A bioimage.io package from elsewhere whose weights are a TensorFlow 2 / Keras SavedModel given as a {@code .zip}
 * (the spec's {@code source}): {@code ./unet check} runs it through its serving signature and matches the output
 * computed by hand, and two independent sigmoid channels are labelled by {@code threshold=}; the same package with a
 * forbidden operation hidden in a function is refused with one line.
 */
class ForeignSavedModelTest {

	private static final int SIZE = 16;

	@TempDir
	Path folder;

	@Test
	void zippedKerasSavedModelPassesCheck() throws IOException {
		Path model = writePackage(KerasStyleSavedModel.write(folder.resolve("saved")), 1);
		Result check = run("check", "model=" + model, "engine=tensorflow");
		assertEquals(0, check.code(), check.out() + check.err());
		assertTrue(check.out().contains("engine:             TensorFlow"), check.out());
		assertTrue(check.out().contains("passed"), check.out());
		assertEquals(check, run("check", "model=" + model, "engine=auto"), "auto picks the only weights");
	}

	@Test
	void independentSigmoidChannelsAreLabelledByTheThreshold() throws IOException {
		Path model = writePackage(KerasStyleSavedModel.write(folder.resolve("saved"), 2, false), 2);
		Result check = run("check", "model=" + model, "engine=tensorflow");
		assertEquals(0, check.code(), check.out() + check.err());
		// one row of values x: channel 1 is sigmoid(2x - 1), channel 2 sigmoid(x), both after the package's sigmoid
		float[] values = new float[SIZE * SIZE];
		for (int i = 0; i < values.length; i++)
			values[i] = (i % SIZE) / 4f - 1.5f;
		Path image = folder.resolve("ramp.tif");
		IJ.saveAsTiff(new ImagePlus("ramp", new FloatProcessor(SIZE, SIZE, values)), image.toString());
		for (String threshold : new String[]{ "auto", "0.8" }) {
			Path out = folder.resolve("out-" + threshold);
			Result segment = run("segment", "model=" + model, "input=" + image, "output=" + out,
				"threshold=" + threshold, "engine=tensorflow");
			assertEquals(0, segment.code(), segment.out() + segment.err());
			ImagePlus probabilities = IJ.openImage(out.resolve("ramp.probabilities.tif").toString());
			ImagePlus labels = IJ.openImage(out.resolve("ramp.labels.tif").toString());
			assertEquals(3, probabilities.getNChannels(), "background, then the model's two channels");
			double t = threshold.equals("auto") ? 0.5 : 0.8;
			for (int i = 0; i < values.length; i++) {
				float first = KerasStyleSavedModel.sigmoid(2 * values[i] - 1);
				float second = KerasStyleSavedModel.sigmoid(values[i]);
				assertEquals(first, probabilities.getStack().getProcessor(2).getf(i), 1e-5);
				assertEquals(second, probabilities.getStack().getProcessor(3).getf(i), 1e-5);
				assertEquals(1 - Math.max(first, second), probabilities.getStack().getProcessor(1).getf(i), 1e-5);
				int expected = first > t && first >= second ? 1 : second > t ? 2 : 0;
				assertEquals(expected, labels.getProcessor().getf(i), "x = " + values[i] + ", threshold " + t);
			}
		}
		Result wrong = run("segment", "model=" + model, "input=" + image, "output=" + folder.resolve("wrong"),
			"threshold=1.5");
		assertEquals(1, wrong.err().lines().count(), wrong.err());
		assertTrue(wrong.err().contains("threshold=1.5 is out of range"), wrong.err());
	}

	@Test
	void forbiddenOperationInsideAFunctionIsOneLine() throws IOException {
		Path saved = KerasStyleSavedModel.write(folder.resolve("saved"));
		KerasStyleSavedModel.change(saved, graph -> {
			var builder = graph.toBuilder();
			builder.getLibraryBuilder().getFunctionBuilderList().stream()
				.filter(f -> f.getSignature().getName().startsWith("__inference_model_call")).findFirst().orElseThrow()
				.addNodeDef(NodeDef.newBuilder().setName("leak").setOp("WriteFile"));
			return builder.build();
		});
		Path model = writePackage(saved, 1);
		Result check = run("check", "model=" + model, "engine=tensorflow");
		assertNotEquals(0, check.code(), check.out());
		assertEquals(1, check.err().lines().count(), check.err());
		assertTrue(check.err().contains("'leak' of type WriteFile in function '__inference_model_call_99'"),
			check.err());
	}

	/**
	 * A 0.5 package around the SavedModel, zipped, with a test input and the output computed by hand; with two
	 * channels, the network outputs logits and the package's postprocessing is a sigmoid.
	 */
	private Path writePackage(Path savedModel, int channels) throws IOException {
		Path model = Files.createDirectories(folder.resolve("package"));
		Path zip = model.resolve("tf_weights.zip");
		try (OutputStream out = Files.newOutputStream(zip);
			ZipOutputStream entries = new ZipOutputStream(out);
			Stream<Path> files = Files.walk(savedModel))
		{
			for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
				entries.putNextEntry(new ZipEntry(savedModel.relativize(file).toString()));
				Files.copy(file, entries);
				entries.closeEntry();
			}
		}
		float[] input = new float[SIZE * SIZE];
		float[] output = new float[input.length * channels];
		for (int i = 0; i < input.length; i++) {
			input[i] = (i % 37) / 9f - 2;
			for (int c = 0; c < channels; c++)
				output[i * channels + c] = KerasStyleSavedModel
					.sigmoid(KerasStyleSavedModel.WEIGHTS[c] * input[i] + KerasStyleSavedModel.BIASES[c]);
		}
		Npy.write(model.resolve("test_input.npy"), new NpyArray(new long[]{ 1, SIZE, SIZE, 1 }, input));
		Npy.write(model.resolve("test_output.npy"), new NpyArray(new long[]{ 1, SIZE, SIZE, channels }, output));
		Files.writeString(model.resolve("README.md"), "A Keras-style SavedModel for tests.\n");
		String axes = """
			      - type: batch
			      - {id: y, type: space, size: %s}
			      - {id: x, type: space, size: %s}
			      - {type: channel, channel_names: [%s]}
			""";
		String yaml = String.join("\n",
			List.of("format_version: 0.5.4", "type: model", "name: Keras sigmoid",
				"description: a TensorFlow 2 SavedModel exported as Keras does, zipped", "authors: [{name: Test}]",
				"cite: [{text: test, doi: 10.1007/978-3-319-24574-4_28}]", "license: MIT", "documentation: README.md",
				"inputs:", "  - id: input_1", "    axes:",
				axes.formatted("{min: 16, step: 16}", "{min: 16, step: 16}", "raw").stripTrailing(),
				"    test_tensor: {source: test_input.npy, sha256: " +
					Checksums.sha256(model.resolve("test_input.npy")) + "}",
				"outputs:", "  - id: output_0", "    axes:",
				axes.formatted("{tensor_id: input_1, axis_id: y}", "{tensor_id: input_1, axis_id: x}",
					channels == 1 ? "foreground" : "foreground, boundary").stripTrailing(),
				channels == 1 ? "" : "    postprocessing: [{id: sigmoid}]",
				"    test_tensor: {source: test_output.npy, sha256: " +
					Checksums.sha256(model.resolve("test_output.npy")) + "}",
				"weights:", "  tensorflow_saved_model_bundle:", "    source: tf_weights.zip",
				"    sha256: " + Checksums.sha256(zip), "    tensorflow_version: '2.15'", ""));
		Files.writeString(model.resolve("bioimageio.yaml"), yaml, StandardCharsets.UTF_8);
		assertFalse(Files.exists(model.resolve("saved_model.pb")));
		return model;
	}
}
