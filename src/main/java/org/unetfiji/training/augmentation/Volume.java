package org.unetfiji.training.augmentation;

import java.util.Arrays;

/**
 * An annotated image, or a tile cut from one: channels-last pixels, one label per pixel and one loss weight per
 * pixel, all in C order ({@code [z,] y, x}, x fastest).
 *
 * @param size spatial size ({@code [z,] y, x})
 * @param image pixel values, channels last
 * @param channels channels per pixel
 * @param labels one class per pixel
 * @param weights one loss weight per pixel
 */
public record Volume(long[] size, float[] image, int channels, int[] labels, float[] weights) {

	public Volume {
		long pixels = Arrays.stream(size).reduce(1, (a, b) -> a * b);
		if (image.length != pixels * channels || labels.length != pixels || weights.length != pixels)
			throw new IllegalArgumentException("a volume of size " + Arrays.toString(size) + " with " + channels +
				" channel(s) needs " + pixels + " pixels, got " + image.length + " values, " + labels.length +
				" labels and " + weights.length + " weights");
	}

	/** An empty volume to cut a tile into. */
	public static Volume empty(long[] size, int channels) {
		int pixels = (int) Arrays.stream(size).reduce(1, (a, b) -> a * b);
		return new Volume(size.clone(), new float[pixels * channels], channels, new int[pixels], new float[pixels]);
	}

	/** Number of pixels. */
	public int pixels() {
		return labels.length;
	}
}
