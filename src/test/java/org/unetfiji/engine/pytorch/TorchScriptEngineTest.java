package org.unetfiji.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engine;
import org.unetfiji.engine.Engines;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.export.onnx.OnnxExport;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.Npy;
import org.unetfiji.model.NpyArray;
import org.unetfiji.network.NetworkConfig;

/**
 * The TorchScript engine on a model published on bioimage.io ({@code unet2d_nuclei_broad}, TorchScript from PyTorch
 * 2.5.1, channels-first), chosen through the engine registry, in the same JVM as a TensorFlow prediction.
 */
class TorchScriptEngineTest {

	static final Path NUCLEI = Path.of("../shared/models-external/unet2d_nuclei_broad");
	/** The model as its descriptor gives it: 2D, one input channel, one output channel (two "classes" at least). */
	private static final NetworkConfig CONFIG = NetworkConfig.isotropic(2, 1, 2, 4, 16, false);

	@Test
	void reproducesThePublishedTestOutput() throws IOException {
		Engine engine = Engines.select("torchscript", List.of("onnx", "pytorch_state_dict", "torchscript"));
		assertTrue(engine.name().startsWith("PyTorch 2.7.1 (DJL 0.36.0"), engine.name());
		assertFalse(engine.device().isGpu());
		assertTrue(engine.device().name().startsWith("PyTorch, "), engine.device().name());
		NpyArray input = Npy.read(NUCLEI.resolve("test_input.npy"));
		NpyArray expected = Npy.read(NUCLEI.resolve("test_output.npy"));
		assertArrayEquals(new long[]{ 1, 1, 512, 512 }, input.shape());
		try (Network network = engine.load("torchscript", NUCLEI.resolve("weights.pt"), CONFIG)) {
			assertFalse(network instanceof TrainableNetwork, "the TorchScript engine only predicts");
			FloatTensor output = network.predict(new FloatTensor(zeroMeanUnitVariance(input.data()), input.shape()));
			assertArrayEquals(expected.shape(), output.shape());
			double difference = 0;
			for (int i = 0; i < output.data().length; i++)
				difference = Math.max(difference, Math.abs(sigmoid(output.data()[i]) - expected.data()[i]));
			System.out.println("unet2d_nuclei_broad through " + engine.name() + ": max difference " + difference);
			assertTrue(difference < 1e-4, "difference " + difference);
			IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
				() -> network.predict(FloatTensor.zeros(1, 64, 64)));
			assertEquals("a 2D model takes a tensor of rank 4, not [1, 64, 64]", rank.getMessage());
		}
	}

	@Test
	void runsInTheSameJvmAsTensorFlow() throws IOException {
		try (ModelPackage pkg = ModelPackage.open(Path.of("models/em-membranes-2d"));
			LoadedModel model = LoadedModel.load(pkg, "tensorflow"))
		{
			assertTrue(model.engineName().startsWith("TensorFlow"), model.engineName());
			double difference = OnnxExport.maxDifference(model.network(), pkg.readTestInput(), pkg.readTestOutput());
			assertTrue(difference <= OnnxExport.TOLERANCE, "TensorFlow differs from its test output by " + difference);
			Engine torch = Engines.select("torchscript", List.of("torchscript"));
			try (Network network = torch.load("torchscript", NUCLEI.resolve("weights.pt"), CONFIG)) {
				FloatTensor output = network.predict(FloatTensor.zeros(1, 1, 64, 64));
				assertArrayEquals(new long[]{ 1, 1, 64, 64 }, output.shape());
			}
			difference = OnnxExport.maxDifference(model.network(), pkg.readTestInput(), pkg.readTestOutput());
			assertTrue(difference <= OnnxExport.TOLERANCE, "TensorFlow after PyTorch differs by " + difference);
		}
	}

	@Test
	void choosesTorchScriptOnlyForTorchScriptWeights() {
		assertTrue(
			Engines.select(Engines.AUTO, List.of("pytorch_state_dict", "torchscript")).name().startsWith("PyTorch"));
		assertTrue(Engines.select(Engines.AUTO, List.of("onnx", "torchscript")).name().startsWith("ONNX Runtime"));
		assertEquals("engine=torchscript needs torchscript weights, but the model has [onnx]; use engine=auto",
			assertThrows(IllegalArgumentException.class, () -> Engines.select("torchscript", List.of("onnx")))
				.getMessage());
		assertEquals("engine=torchscript only runs trained models; train with engine=tensorflow",
			assertThrows(IllegalArgumentException.class, () -> Engines.training("torchscript")).getMessage());
	}

	@Test
	void runsOnTheCpuOnly() {
		Engine engine = Engines.select("torchscript", List.of("torchscript"));
		assertEquals("the TorchScript engine runs on the CPU only", engine.on(DeviceChoice.AUTO).device().note());
		assertEquals(null, engine.on(DeviceChoice.CPU).device().note());
		IllegalArgumentException gpu = assertThrows(IllegalArgumentException.class,
			() -> engine.on(DeviceChoice.parse("gpu")));
		assertTrue(
			gpu.getMessage().endsWith(
				"the TorchScript engine runs on the CPU only; use engine=tensorflow " + "for the GPU, or device=cpu"),
			gpu.getMessage());
	}

	@Test
	void refusesFilesThatAreNoTorchScript() {
		Engine engine = Engines.select("torchscript", List.of("torchscript"));
		IOException e = assertThrows(IOException.class,
			() -> engine.load("torchscript", NUCLEI.resolve("weights.onnx"), CONFIG));
		assertTrue(e.getMessage().startsWith("PyTorch could not load " + NUCLEI.resolve("weights.onnx")),
			e.getMessage());
		e = assertThrows(IOException.class, () -> engine.load("torchscript", NUCLEI.resolve("none.pt"), CONFIG));
		assertEquals("no TorchScript file at " + NUCLEI.resolve("none.pt"), e.getMessage());
	}

	/** The descriptor's preprocessing by hand: per sample over y and x, eps 1e-6 (the spec's default). */
	static float[] zeroMeanUnitVariance(float[] data) {
		double mean = 0;
		for (float v : data)
			mean += v;
		mean /= data.length;
		double variance = 0;
		for (float v : data)
			variance += (v - mean) * (v - mean);
		double std = Math.sqrt(variance / data.length);
		float[] normalised = new float[data.length];
		for (int i = 0; i < data.length; i++)
			normalised[i] = (float) ((data[i] - mean) / (std + 1e-6));
		return normalised;
	}

	static double sigmoid(float logit) {
		return 1 / (1 + Math.exp(-logit));
	}
}
