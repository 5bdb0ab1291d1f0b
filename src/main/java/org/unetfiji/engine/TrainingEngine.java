package org.unetfiji.engine;

import java.io.IOException;
import java.nio.file.Path;

import org.unetfiji.device.DeviceChoice;
import org.unetfiji.network.NetworkConfig;

/** An engine that also builds, trains and saves U-Nets. */
public interface TrainingEngine extends Engine {

	@Override
	TrainingEngine on(DeviceChoice choice);

	/** A new network with freshly initialised weights; the same seed gives the same weights. */
	TrainableNetwork create(NetworkConfig config, long seed);

	/**
	 * A new network to finetune, starting from the weights of a saved one: every layer the two configurations
	 * share is copied, the rest (the output layer when the number of classes differs) freshly initialised with
	 * {@code seed}; the optimiser starts afresh.
	 *
	 * @param freezeEncoder whether training steps leave the encoder (contracting path and bottom block) unchanged
	 * @throws IOException when the folder does not hold a loadable saved network of {@code savedConfig}
	 */
	TrainableNetwork finetune(Path savedNetwork, NetworkConfig savedConfig, NetworkConfig config, boolean freezeEncoder,
		long seed) throws IOException;

	/**
	 * Loads a network written by {@link TrainableNetwork#save(Path)}, with its optimiser state, to train on.
	 *
	 * @throws IOException when the folder does not hold a loadable saved network of this configuration
	 */
	TrainableNetwork load(Path savedNetwork, NetworkConfig config) throws IOException;
}
