package org.unetfiji.export.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.engine.tensorflow.TensorFlowEngine;
import org.unetfiji.image.Tensors;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.image.ops.PercentileNormalizer;
import org.unetfiji.inference.Segmentation;
import org.unetfiji.inference.tiling.MemoryBudget;
import org.unetfiji.inference.tiling.TileSettings;
import org.unetfiji.inference.tiling.TiledPredictor;
import org.unetfiji.model.Checksums;
import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.network.NetworkConfig;
import org.unetfiji.network.Upsampling;
import org.unetfiji.export.ModelExport;

import ij.IJ;
import ij.ImageStack;

/**
 * ONNX export checked against TensorFlow: ONNX Runtime must reproduce the package's test output (written by
 * TensorFlow) within {@link OnnxExport#TOLERANCE}, for the bundled 2D model and a freshly trained 3D U-Net with
 * batch norm, and the same probabilities on a whole unseen EM section.
 */
class OnnxExportTest {

	private static final Path BUNDLED = Path.of("models/em-membranes-2d");
	private static final Path DATA = Path.of("../shared/data");

	@Test
	void bundled2dModelExportsAndOnnxRuntimeReproducesTensorFlow(@TempDir Path dir) throws IOException {
		String rdfBefore = Checksums.sha256(BUNDLED.resolve("rdf.yaml"));
		try (ModelPackage model = ModelPackage.open(BUNDLED)) {
			OnnxExport.Result result = OnnxExport.export(model, dir.resolve("exported"));
			try (ModelPackage exported = result.exported()) {
				System.out.println(
					"2D export: max |ONNX Runtime - TensorFlow| on the test tensors = " + result.maxDifference());
				assertTrue(result.maxDifference() <= OnnxExport.TOLERANCE, "difference " + result.maxDifference());
				assertEquals(List.of(ModelDescriptor.TENSORFLOW_WEIGHTS, ModelDescriptor.ONNX_WEIGHTS),
					exported.descriptor().weightFormats());
				assertEquals(17, exported.descriptor().weights().get(ModelDescriptor.ONNX_WEIGHTS)
					.attribute(ModelDescriptor.OPSET_VERSION));
				assertEquals(model.descriptor().network(), exported.descriptor().network());
				FloatTensor section = emSection("isbi2012-em-membranes/test/images/020.png");
				try (LoadedModel tf = LoadedModel.load(exported, "tensorflow");
					LoadedModel onnx = LoadedModel.load(exported, "onnx"))
				{
					assertTrue(onnx.engineName().startsWith("ONNX Runtime 1.21.1"), onnx.engineName());
					FloatTensor expected = untiled(tf, section);
					FloatTensor actual = untiled(onnx, section);
					double difference = maxDifference(expected, actual);
					System.out.println("2D export: max difference on ISBI test section 020 (512x512) = " + difference);
					assertTrue(difference <= OnnxExport.TOLERANCE, "difference " + difference);
				}
			}
		}
		assertEquals(rdfBefore, Checksums.sha256(BUNDLED.resolve("rdf.yaml")), "the input package is not changed");
	}

	@Test
	void trained3dUNetWithBatchNormExports(@TempDir Path dir) throws IOException {
		NetworkConfig config = new NetworkConfig(3, 1, 2, 4, true, new int[][]{ { 1, 2, 2 }, { 2, 2, 2 } });
		FloatTensor input = nucleiCrop(8, 32);
		FloatTensor target = brightVoxels(input, 2);
		FloatTensor weights = FloatTensor.zeros(1, 8, 32, 32);
		java.util.Arrays.fill(weights.data(), 1);
		Path packageFolder = dir.resolve("nuclei-3d");
		try (TrainableNetwork network = new TensorFlowEngine().create(config, 5)) {
			for (int step = 0; step < 10; step++)
				network.trainStep(input, target, weights, 3e-3f);
			FloatTensor movingMean = network.variable("decoder0_conv2_moving_mean");
			assertNotEquals(0, movingMean.data()[0], "training moved the batch-norm averages away from their start");
			ModelExport.write(packageFolder, network, PercentileNormalizer.DEFAULT,
				new ModelExport.Description("nuclei-3d", "3D U-Net with batch norm, a few steps on a GoNuclear crop",
					List.of("background", "nucleus"), new double[]{ 1, 1, 1 }, Map.of()),
				input, "test").close();
		}
		try (ModelPackage model = ModelPackage.open(packageFolder)) {
			OnnxExport.Result result = OnnxExport.export(model, dir.resolve("nuclei-3d-onnx"));
			result.exported().close();
			System.out.println("3D export (batch norm): max |ONNX Runtime - TensorFlow| on the test tensors = " +
				result.maxDifference());
			assertTrue(result.maxDifference() <= OnnxExport.TOLERANCE, "difference " + result.maxDifference());
		}
	}

	@Test
	void resizeConvolutionUpsamplingExportsIn2dAnd3d(@TempDir Path dir) throws IOException {
		FloatTensor volume = nucleiCrop(8, 32);
		long[] planeShape = { 1, 32, 32, 1 };
		FloatTensor plane = new FloatTensor(java.util.Arrays.copyOf(volume.data(), 32 * 32), planeShape);
		NetworkConfig config3d = new NetworkConfig(3, 1, 3, 4, false, new int[][]{ { 1, 2, 2 }, { 2, 2, 2 } },
			Upsampling.RESIZE);
		NetworkConfig config2d = NetworkConfig.isotropic(2, 1, 2, 2, 4, true).withUpsampling(Upsampling.RESIZE);
		for (var testCase : List.of(Map.entry(config3d, volume), Map.entry(config2d, plane))) {
			NetworkConfig config = testCase.getKey();
			FloatTensor input = testCase.getValue();
			Path packageFolder = dir.resolve("resize-" + config.dims() + "d");
			try (TrainableNetwork network = new TensorFlowEngine().create(config, 5)) {
				FloatTensor target = brightVoxels(input, config.classes());
				long[] weightShape = java.util.Arrays.copyOf(input.shape(), input.rank() - 1);
				FloatTensor weights = FloatTensor.zeros(weightShape);
				java.util.Arrays.fill(weights.data(), 1);
				float first = network.trainStep(input, target, weights, 3e-3f);
				float last = first;
				for (int step = 0; step < 5; step++)
					last = network.trainStep(input, target, weights, 3e-3f);
				assertTrue(last < first, "the resize-convolution network learns: loss " + first + " -> " + last);
				List<String> names = config.classes() == 3 ? List.of("background", "interior", "boundary")
					: List.of("background", "foreground");
				ModelExport
					.write(packageFolder, network, PercentileNormalizer.DEFAULT, new ModelExport.Description("resize",
						"resize-convolution up-sampling", names, new double[0], Map.of()), input, "test")
					.close();
			}
			try (ModelPackage model = ModelPackage.open(packageFolder)) {
				assertEquals("resize", model.descriptor().network().get("upsampling"));
				OnnxExport.Result result = OnnxExport.export(model, dir.resolve("onnx-" + config.dims() + "d"));
				result.exported().close();
				System.out.println(config.dims() + "D resize-convolution export: max |ONNX Runtime - TensorFlow| = " +
					result.maxDifference());
				assertTrue(result.maxDifference() <= 1e-5, "difference " + result.maxDifference());
			}
		}
	}

	@Test
	void onlyOurTensorFlowModelsExportAndTheTargetMustBeNew(@TempDir Path dir) throws IOException {
		try (ModelPackage model = ModelPackage.open(BUNDLED)) {
			ModelPackage exported = OnnxExport.export(model, dir.resolve("a")).exported();
			exported.close();
			IOException e = assertThrows(IOException.class, () -> OnnxExport.export(model, dir.resolve("a")));
			assertTrue(e.getMessage().contains("already exists"), e.getMessage());
			e = assertThrows(IOException.class, () -> OnnxExport.export(model, BUNDLED.resolve("inside")));
			assertTrue(e.getMessage().contains("outside the model"), e.getMessage());
		}
	}

	/** A whole 8-bit EM section as a (y, x, 1) image. */
	static FloatTensor emSection(String relative) {
		var processor = IJ.openImage(DATA.resolve(relative).toString()).getProcessor().convertToFloat();
		return new FloatTensor((float[]) processor.getPixels(),
			new long[]{ processor.getHeight(), processor.getWidth(), 1 });
	}

	/** The class probabilities of a whole image, {@code (y, x, classes)}, run untiled ({@code tile=none}). */
	static FloatTensor untiled(LoadedModel model, FloatTensor image) throws IOException {
		TiledPredictor predictor = model.predictor(TileSettings.parse("none", "auto", "auto", "gaussian"),
			MemoryBudget.forCpu());
		Segmentation.Result result = Segmentation.segment(predictor,
			Tensors.fromChannelsLast(image.data(), image.shape()), 0, TiledPredictor.Listener.SILENT, () -> false);
		long[] shape = image.shape().clone();
		shape[shape.length - 1] = model.config().classes();
		return new FloatTensor(Tensors.toChannelsLast(result.probabilities().frame(0)), shape);
	}

	static double maxDifference(FloatTensor a, FloatTensor b) {
		assertEquals(java.util.Arrays.toString(a.shape()), java.util.Arrays.toString(b.shape()));
		double max = 0;
		for (int i = 0; i < a.data().length; i++)
			max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
		return max;
	}

	/** A (1, z, y, x, 1) crop of the GoNuclear training stack, scaled to [0, 1]. */
	private static FloatTensor nucleiCrop(int depth, int size) {
		ImageStack stack = IJ.openImage(DATA.resolve("gonuclear-ovule-nuclei-3d/train/images/1135.tif").toString())
			.getStack();
		FloatTensor crop = FloatTensor.zeros(1, depth, size, size, 1);
		float max = 0;
		for (int z = 0; z < depth; z++)
			for (int y = 0; y < size; y++)
				for (int x = 0; x < size; x++) {
					float v = (float) stack.getVoxel(x + 64, y + 64, z + stack.size() / 2);
					crop.data()[(z * size + y) * size + x] = v;
					max = Math.max(max, v);
				}
		for (int i = 0; i < crop.data().length; i++)
			crop.data()[i] /= max;
		return crop;
	}

	/**
	 * One-hot target of {@code classes} classes: the last class where a voxel is brighter than the crop's mean, the
	 * first elsewhere.
	 */
	private static FloatTensor brightVoxels(FloatTensor crop, int classes) {
		double mean = 0;
		for (float v : crop.data())
			mean += v / crop.data().length;
		long[] shape = crop.shape().clone();
		shape[shape.length - 1] = classes;
		FloatTensor target = FloatTensor.zeros(shape);
		for (int i = 0; i < crop.data().length; i++)
			target.data()[classes * i + (crop.data()[i] > mean ? classes - 1 : 0)] = 1;
		return target;
	}
}
