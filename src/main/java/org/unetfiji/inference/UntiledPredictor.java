package org.unetfiji.inference;

import java.util.Arrays;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.network.NetworkConfig;

/**
 * Runs a network over a whole image at once: normalises, mirror-pads to the nearest valid size, predicts and
 * crops back. For images that fit in memory; tiled inference builds on the same steps.
 */
public final class UntiledPredictor {

	private final Network network;
	private final Normalization normalization;

	public UntiledPredictor(Network network, Normalization normalization) {
		this.network = network;
		this.normalization = normalization;
	}

	/**
	 * @param image one image, {@code ([z,] y, x, channels)}
	 * @return class probabilities, {@code ([z,] y, x, classes)}
	 */
	public FloatTensor predict(FloatTensor image) {
		NetworkConfig config = network.config();
		int spatial = config.dims();
		if (image.rank() != spatial + 1) throw new IllegalArgumentException("a " + spatial + "D model needs a " +
			(spatial == 3 ? "3D stack (z, y, x" : "2D image (y, x") + ", channels), got an image of shape " + Arrays
				.toString(image.shape()));
		if (image.size(spatial) != config.inputChannels()) throw new IllegalArgumentException("the model needs " +
			config.inputChannels() + " channel(s), the image has " + image.size(spatial));
		long[] size = Arrays.copyOf(image.shape(), spatial);
		long[] padded = paddedSize(size, config.sizeMultiple());
		long[] before = new long[spatial];
		for (int a = 0; a < spatial; a++)
			before[a] = (padded[a] - size[a]) / 2;
		FloatTensor input = MirrorPadding.pad(normalization.apply(image), before, padded);
		long[] batchShape = new long[spatial + 2];
		batchShape[0] = 1;
		System.arraycopy(input.shape(), 0, batchShape, 1, spatial + 1);
		FloatTensor probabilities = network.predict(new FloatTensor(input.data(), batchShape));
		long[] outShape = Arrays.copyOfRange(probabilities.shape(), 1, spatial + 2);
		return MirrorPadding.crop(new FloatTensor(probabilities.data(), outShape), before, size);
	}

	/** The smallest valid size at least {@code size} along every axis. */
	static long[] paddedSize(long[] size, int[] multiple) {
		long[] padded = new long[size.length];
		for (int a = 0; a < size.length; a++)
			padded[a] = Math.max(1, (size[a] + multiple[a] - 1) / multiple[a]) * multiple[a];
		return padded;
	}

	/** Index of the most probable class per pixel of a channels-last probability tensor. */
	public static int[] argmax(FloatTensor probabilities) {
		int classes = (int) probabilities.size(probabilities.rank() - 1);
		float[] p = probabilities.data();
		int[] labels = new int[p.length / classes];
		for (int i = 0; i < labels.length; i++) {
			int best = 0;
			for (int c = 1; c < classes; c++)
				if (p[i * classes + c] > p[i * classes + best]) best = c;
			labels[i] = best;
		}
		return labels;
	}
}
