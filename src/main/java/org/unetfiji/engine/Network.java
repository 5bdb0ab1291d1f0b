package org.unetfiji.engine;

import org.unetfiji.network.NetworkConfig;

/**
 * A trained network held by an {@link Engine}: runs forward passes. Not thread-safe; close it to free native
 * memory. Networks that also train are {@link TrainableNetwork}s.
 */
public interface Network extends AutoCloseable {

	NetworkConfig config();

	/**
	 * Class probabilities for a batch of images.
	 *
	 * @param input {@code (batch, [z,] y, x, channels)}, spatial sizes valid for the network
	 * @return {@code (batch, [z,] y, x, classes)}, softmax probabilities
	 */
	FloatTensor predict(FloatTensor input);

	@Override
	void close();
}
