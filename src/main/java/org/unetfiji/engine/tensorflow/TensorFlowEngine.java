package org.unetfiji.engine.tensorflow;

import java.io.IOException;
import java.nio.file.Path;

import org.tensorflow.TensorFlow;
import org.unetfiji.engine.Engine;
import org.unetfiji.engine.Network;
import org.unetfiji.network.NetworkConfig;

/** The TensorFlow Java engine (TensorFlow 2.18 through TensorFlow Java 1.1.0), CPU or GPU natives. */
public final class TensorFlowEngine implements Engine {

	@Override
	public String name() {
		return "TensorFlow " + TensorFlow.version();
	}

	@Override
	public String weightFormat() {
		return "tensorflow_saved_model_bundle";
	}

	@Override
	public Network create(NetworkConfig config, long seed) {
		return TensorFlowNetwork.create(config, seed, false);
	}

	@Override
	public Network finetune(Path savedNetwork, NetworkConfig savedConfig, NetworkConfig config,
		boolean freezeEncoder, long seed) throws IOException
	{
		return TensorFlowNetwork.finetune(savedNetwork, savedConfig, config, freezeEncoder, seed);
	}

	@Override
	public Network load(Path savedNetwork, NetworkConfig config) throws IOException {
		return TensorFlowNetwork.load(savedNetwork, config);
	}
}
