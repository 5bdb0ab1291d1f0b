package org.unetfiji.export.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.model.Checksums;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.NpyArray;

/**
 * A bioimage.io package written by hand for a model we did not train: our exported ONNX renamed, no TensorFlow
 * weights, no {@code config.unet}, other tensor ids and a minimal rdf.yaml. It must load and segment through our
 * normalisation and prediction exactly as our own model does through TensorFlow.
 */
class ForeignOnnxModelTest {

	@TempDir
	static Path dir;
	private static Path foreign;

	@BeforeAll
	static void writeHandMadePackage() throws IOException {
		try (ModelPackage ours = ModelPackage.open(Path.of("models/em-membranes-2d"));
			ModelPackage exported = OnnxExport.export(ours, dir.resolve("exported")).exported())
		{
			foreign = Files.createDirectory(dir.resolve("membranes-from-elsewhere"));
			Files.copy(exported.weights("onnx"), foreign.resolve("unet-membranes.onnx"));
			Files.copy(exported.testInputFile(), foreign.resolve("raw.npy"));
			Files.copy(exported.testOutputFile(), foreign.resolve("prob.npy"));
		}
		Files.writeString(foreign.resolve("doc.md"), "# Membranes\nAn EM membrane model from elsewhere.\n");
		Files.writeString(foreign.resolve("rdf.yaml"), """
			format_version: 0.5.3
			type: model
			name: membranes from elsewhere
			description: EM membrane segmentation, packaged by hand with ONNX weights only
			authors:
			  - name: Somebody Else
			cite:
			  - text: Ronneberger et al. (2015) U-Net, MICCAI
			    doi: 10.1007/978-3-319-24574-4_28
			license: CC-BY-4.0
			documentation: doc.md
			inputs:
			  - id: raw
			    axes:
			      - type: batch
			      - {type: space, id: y, size: {min: 32, step: 16}}
			      - {type: space, id: x, size: {min: 32, step: 16}}
			      - {type: channel, channel_names: [em]}
			    test_tensor: {source: raw.npy, sha256: %s}
			    preprocessing:
			      - {id: ensure_dtype, kwargs: {dtype: float32}}
			      - id: scale_range
			        kwargs: {mode: per_sample, axes: [y, x], min_percentile: 1.0, max_percentile: 99.8}
			outputs:
			  - id: prob
			    axes:
			      - type: batch
			      - {type: space, id: y, size: {tensor_id: raw, axis_id: y}}
			      - {type: space, id: x, size: {tensor_id: raw, axis_id: x}}
			      - {type: channel, channel_names: [boundary, interior]}
			    test_tensor: {source: prob.npy, sha256: %s}
			weights:
			  onnx: {source: unet-membranes.onnx, sha256: %s, opset_version: 17}
			""".formatted(Checksums.sha256(foreign.resolve("raw.npy")), Checksums.sha256(foreign.resolve("prob.npy")),
			Checksums.sha256(foreign.resolve("unet-membranes.onnx"))));
	}

	@Test
	void handMadePackageSegmentsLikeOurOwnModel() throws IOException {
		FloatTensor section = OnnxExportTest.emSection("isbi2012-em-membranes/test/images/021.png");
		FloatTensor odd = crop(section, 300, 472);
		try (ModelPackage pkg = ModelPackage.open(foreign);
			LoadedModel model = LoadedModel.load(pkg, "auto");
			ModelPackage ours = ModelPackage.open(Path.of("models/em-membranes-2d"));
			LoadedModel reference = LoadedModel.load(ours, "tensorflow"))
		{
			assertFalse(pkg.descriptor().hasNetworkConfig());
			assertEquals(List.of("boundary", "interior"), pkg.descriptor().classNames());
			assertTrue(model.engineName().startsWith("ONNX Runtime"), model.engineName());
			NpyArray in = pkg.readTestInput();
			double onTestTensors = OnnxExport.maxDifference(model.network(), in, pkg.readTestOutput());
			assertTrue(onTestTensors <= OnnxExport.TOLERANCE, "test tensors differ by " + onTestTensors);
			for (FloatTensor image : List.of(section, odd)) {
				double difference = OnnxExportTest.maxDifference(OnnxExportTest.untiled(reference, image),
					OnnxExportTest.untiled(model, image));
				System.out.println(
					"hand-made ONNX package vs our TensorFlow model on " + image + ": max difference " + difference);
				assertTrue(difference <= OnnxExport.TOLERANCE, "difference " + difference);
			}
		}
	}

	@Test
	void onnxModelsRunButDoNotTrainAndNeedTheirWeights() throws IOException {
		try (ModelPackage pkg = ModelPackage.open(foreign)) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> LoadedModel.load(pkg, "tensorflow"));
			assertTrue(e.getMessage().contains("needs tensorflow_saved_model_bundle weights, but the model has [onnx]"),
				e.getMessage());
			e = assertThrows(IllegalArgumentException.class, () -> LoadedModel.load(pkg, "pytorch"));
			// the test class path adds the identity engine after the plugin's own
			assertTrue(e.getMessage().contains("choose one of [auto, tensorflow, onnx"), e.getMessage());
			try (LoadedModel model = LoadedModel.load(pkg, "onnx")) {
				assertFalse(model.network() instanceof TrainableNetwork, "the ONNX engine only predicts");
				IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
					() -> model.network().predict(FloatTensor.zeros(1, 40, 32, 1)));
				assertTrue(size.getMessage().contains("nearest valid size: [48, 32]"), size.getMessage());
			}
		}
	}

	/** The top-left {@code height × width} of a (y, x, 1) image. */
	private static FloatTensor crop(FloatTensor image, int height, int width) {
		FloatTensor crop = FloatTensor.zeros(height, width, 1);
		for (int y = 0; y < height; y++)
			System.arraycopy(image.data(), (int) (y * image.size(1)), crop.data(), y * width, width);
		return crop;
	}
}
