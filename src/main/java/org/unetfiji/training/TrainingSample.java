package org.unetfiji.training;

import java.util.Arrays;

import org.unetfiji.engine.FloatTensor;

/**
 * One annotated image for training: the normalised image, channels-last {@code ([z,] y, x, channels)}, and the
 * class of each pixel in the same order ({@link #IGNORE} for pixels without annotation).
 */
public record TrainingSample(String name, FloatTensor image, int[] classes) {

	/** Class value of a pixel that carries no annotation: it gets zero loss weight. */
	public static final int IGNORE = -1;

	public TrainingSample {
		long pixels = image.data().length / image.size(image.rank() - 1);
		if (classes.length != pixels) throw new IllegalArgumentException("annotation of " + name + " has " +
			classes.length + " pixels, its image " + pixels);
	}

	/** Spatial size, {@code ([z,] y, x)}. */
	public long[] size() {
		return Arrays.copyOf(image.shape(), image.rank() - 1);
	}
}
