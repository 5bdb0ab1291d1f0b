package org.unetfiji.engine.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engine;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.network.NetworkConfig;

/**
 * Runs "identity" networks: the probability of the last class is the first input channel clamped to [0, 1], that
 * of the first class the rest, so that a pixel is foreground exactly where its normalised intensity exceeds 0.5.
 * Its weights are a text file holding {@value #WEIGHTS_TEXT}.
 */
public final class IdentityEngine implements Engine {

	public static final String KEY = "identity";
	public static final String WEIGHT_FORMAT = "identity";
	/** The content of an identity weights file. */
	public static final String WEIGHTS_TEXT = "identity network\n";

	@Override
	public String name() {
		return "Identity 1.0";
	}

	@Override
	public List<String> weightFormats() {
		return List.of(WEIGHT_FORMAT);
	}

	@Override
	public Device device() {
		return Device.cpu("identity engine", null);
	}

	@Override
	public Engine on(DeviceChoice choice) {
		if (choice.isGpu())
			throw new IllegalArgumentException("device=" + choice + ": the identity engine runs on " + "the CPU only");
		return this;
	}

	@Override
	public Network load(String format, Path weights, NetworkConfig config) throws IOException {
		if (!format.equals(WEIGHT_FORMAT) || !Files.readString(weights, StandardCharsets.UTF_8).equals(WEIGHTS_TEXT))
			throw new IOException(weights + " holds no identity weights");
		return new Network() {

			@Override
			public NetworkConfig config() {
				return config;
			}

			@Override
			public FloatTensor predict(FloatTensor input) {
				return probabilities(input, config.classes());
			}

			@Override
			public void close() {}
		};
	}

	/** The identity network's output for {@code (batch, [z,] y, x, channels)}. */
	public static FloatTensor probabilities(FloatTensor input, int classes) {
		long[] shape = input.shape().clone();
		int channels = (int) shape[shape.length - 1];
		shape[shape.length - 1] = classes;
		FloatTensor output = FloatTensor.zeros(shape);
		for (int p = 0; p < input.data().length / channels; p++) {
			float v = Math.min(1, Math.max(0, input.data()[p * channels]));
			output.data()[p * classes + classes - 1] = v;
			output.data()[p * classes] += 1 - v;
		}
		return output;
	}
}
