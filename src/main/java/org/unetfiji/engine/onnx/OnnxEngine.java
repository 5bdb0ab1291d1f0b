package org.unetfiji.engine.onnx;

import java.io.IOException;
import java.nio.file.Path;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.Network;
import org.unetfiji.network.NetworkConfig;

import ai.onnxruntime.OrtEnvironment;

/**
 * ONNX Runtime through its own Java API (the CPU execution provider of the natives in its Maven Central jar): runs
 * ONNX models, ours exported from TensorFlow and models from elsewhere. Prediction only: it cannot create or
 * train networks.
 */
public final class OnnxEngine implements Engine {

	/** The bioimage.io weights format key. */
	public static final String WEIGHT_FORMAT = "onnx";

	@Override
	public String name() {
		return "ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion() + " (CPU)";
	}

	@Override
	public String weightFormat() {
		return WEIGHT_FORMAT;
	}

	@Override
	public Network create(NetworkConfig config, long seed) {
		throw new UnsupportedOperationException("the ONNX engine only runs trained models; create and train networks "
			+ "with engine=tensorflow");
	}

	@Override
	public Network finetune(Path savedNetwork, NetworkConfig savedConfig, NetworkConfig config, boolean freezeEncoder,
		long seed)
	{
		throw new UnsupportedOperationException("the ONNX engine only runs trained models; finetune with "
			+ "engine=tensorflow from the model's TensorFlow weights");
	}

	@Override
	public Network load(Path onnxFile, NetworkConfig config) throws IOException {
		return OnnxNetwork.load(onnxFile, config);
	}
}
