package org.unetfiji.export.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Engines;
import org.unetfiji.engine.Network;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.engine.onnx.OnnxEngine;
import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.NpyArray;
import org.unetfiji.network.NetworkConfig;

/**
 * Exports a model package's TensorFlow U-Net to ONNX: builds the ONNX graph from the trained weights, checks that
 * ONNX Runtime reproduces the package's test output, and writes a copy of the package with the ONNX file added as
 * its {@code onnx} weights entry. The package itself is left as it is.
 */
public final class OnnxExport {

	/** The largest difference of a class probability allowed between ONNX Runtime and the test output. */
	public static final double TOLERANCE = 1e-4;

	/**
	 * @param exported the copy with ONNX weights
	 * @param maxDifference the largest difference between ONNX Runtime's probabilities and the test output
	 * @param runtime the engine that checked it
	 */
	public record Result(ModelPackage exported, double maxDifference, String runtime) {}

	private OnnxExport() {}

	/**
	 * @param folder the new package folder; it must not exist or be empty
	 * @throws IllegalArgumentException when the package is not a U-Net for Fiji model with TensorFlow weights
	 * @throws IOException when ONNX Runtime does not reproduce the test output within {@link #TOLERANCE}, or when
	 *         writing fails
	 */
	public static Result export(ModelPackage model, Path folder) throws IOException {
		ModelDescriptor descriptor = model.descriptor();
		if (!descriptor.hasNetworkConfig() || !descriptor.weightFormats().contains(ModelDescriptor.TENSORFLOW_WEIGHTS))
			throw new IllegalArgumentException("model '" + descriptor.name() +
				"' cannot be exported: only U-Net for Fiji models with TensorFlow weights (and config.unet) can");
		NetworkConfig config = NetworkConfig.fromMap(descriptor.network());
		byte[] onnx;
		// the weights are only read, never run: the CPU suffices
		try (TrainableNetwork tensorflow = Engines.tensorFlow().on(DeviceChoice.CPU).load(model.savedModelFolder(),
			config))
		{
			onnx = UNetOnnx.build(config, tensorflow::variable, descriptor.input().id(), descriptor.output().id(),
				version());
		}
		Path file = Files.createTempFile("unet-export-", ".onnx");
		try {
			Files.write(file, onnx);
			OnnxEngine engine = new OnnxEngine();
			double difference;
			try (Network network = engine.load(OnnxEngine.WEIGHT_FORMAT, file, config)) {
				difference = maxDifference(network, model.readTestInput(), model.readTestOutput());
			}
			if (!(difference <= TOLERANCE)) throw new IOException("the ONNX export of '" + descriptor.name() +
				"' differs from the test output by " + difference + " (more than " + TOLERANCE + "); nothing written");
			return new Result(model.withOnnx(folder, file, OnnxGraph.OPSET_VERSION), difference, engine.name());
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

	/** The largest absolute difference between the network's output for {@code input} and {@code expected}. */
	public static double maxDifference(Network network, NpyArray input, NpyArray expected) {
		FloatTensor output = network.predict(new FloatTensor(input.data(), input.shape()));
		if (!Arrays.equals(output.shape(), expected.shape())) return Double.POSITIVE_INFINITY;
		double max = 0;
		for (int i = 0; i < output.data().length; i++)
			max = Math.max(max, Math.abs(output.data()[i] - expected.data()[i]));
		return max;
	}

	private static String version() {
		String version = OnnxExport.class.getPackage().getImplementationVersion();
		return version == null ? "development" : version;
	}
}
