package org.unetfiji.engine;

import org.unetfiji.network.NetworkConfig;

/**
 * A trained network held by an {@link Engine}: runs forward passes. Not thread-safe; close it to free native
 * memory. Networks that also train are {@link TrainableNetwork}s.
 */
public interface Network extends AutoCloseable {

	NetworkConfig config();

	/**
	 * The network's output for a batch of images, both in the axis order of the model's descriptor: for this plugin's
	 * own models {@code (batch, [z,] y, x, channels)} in and {@code (batch, [z,] y, x, classes)} softmax
	 * probabilities out; for models from elsewhere whatever their descriptor states (the caller transposes).
	 *
	 * @param input spatial sizes valid for the network
	 */
	FloatTensor predict(FloatTensor input);

	@Override
	void close();
}
