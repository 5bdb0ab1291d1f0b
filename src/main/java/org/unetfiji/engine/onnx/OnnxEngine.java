package org.unetfiji.engine.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engine;
import org.unetfiji.engine.Network;
import org.unetfiji.network.NetworkConfig;

import ai.onnxruntime.OrtEnvironment;

/**
 * ONNX Runtime through its own Java API (the CPU execution provider of the natives in its Maven Central jar): runs
 * ONNX models, ours exported from TensorFlow and models from elsewhere. Prediction only: it is no
 * {@link org.unetfiji.engine.TrainingEngine}.
 */
public final class OnnxEngine implements Engine {

	/** The bioimage.io weights format key. */
	public static final String WEIGHT_FORMAT = "onnx";

	@Override
	public String name() {
		return "ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion() + " (CPU)";
	}

	@Override
	public List<String> weightFormats() {
		return List.of(WEIGHT_FORMAT);
	}

	/** For {@code device=auto}: why no GPU is used; null otherwise. */
	private final String note;

	public OnnxEngine() {
		this(null);
	}

	private OnnxEngine(String note) {
		this.note = note;
	}

	@Override
	public Device device() {
		return Device.cpu("ONNX Runtime, " + Runtime.getRuntime().availableProcessors() + " cores", note);
	}

	/** The CPU for {@code auto} and {@code cpu}: this engine has ONNX Runtime's CPU execution provider only. */
	@Override
	public Engine on(DeviceChoice choice) {
		if (choice.isGpu()) throw new IllegalArgumentException("device=" + choice + ": the ONNX engine runs on the " +
			"CPU only; use engine=tensorflow for the GPU, or device=cpu");
		return new OnnxEngine(choice.kind() == DeviceChoice.Kind.AUTO ? "the ONNX engine runs on the CPU only" : null);
	}

	@Override
	public Network load(String format, Path onnxFile, NetworkConfig config) throws IOException {
		if (!format.equals(WEIGHT_FORMAT))
			throw new IllegalArgumentException("ONNX Runtime runs " + WEIGHT_FORMAT + " weights, not " + format);
		return OnnxNetwork.load(onnxFile, config);
	}
}
