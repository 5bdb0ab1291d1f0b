package org.unetfiji.image.ops;

import org.unetfiji.engine.FloatTensor;

/**
 * Pads a channels-last image ({@code [z,] y, x, channels}) by mirroring at its borders (without repeating the border
 * pixel, like numpy's "reflect").
 */
public final class MirrorPadding {

	private MirrorPadding() {}

	/**
	 * @param image {@code ([z,] y, x, channels)}
	 * @param before pixels to add before each spatial axis
	 * @param size the new spatial size
	 */
	public static FloatTensor pad(FloatTensor image, long[] before, long[] size) {
		int spatial = image.rank() - 1;
		long channels = image.size(spatial);
		long[] shape = new long[spatial + 1];
		System.arraycopy(size, 0, shape, 0, spatial);
		shape[spatial] = channels;
		FloatTensor out = FloatTensor.zeros(shape);
		int[] inSize = new int[spatial];
		for (int a = 0; a < spatial; a++)
			inSize[a] = (int) image.size(a);
		int[] position = new int[spatial];
		long outPixels = out.data().length / channels;
		for (long p = 0; p < outPixels; p++) {
			long rest = p;
			for (int a = spatial - 1; a >= 0; a--) {
				position[a] = (int) (rest % size[a]);
				rest /= size[a];
			}
			long source = 0;
			for (int a = 0; a < spatial; a++)
				source = source * inSize[a] + reflect(position[a] - before[a], inSize[a]);
			System.arraycopy(image.data(), (int) (source * channels), out.data(), (int) (p * channels), (int) channels);
		}
		return out;
	}

	/** Index reflected into {@code [0, n)}: ... 2 1 | 0 1 2 ... n-1 | n-2 ... */
	public static long reflect(long i, long n) {
		if (n == 1) return 0;
		long period = 2 * (n - 1);
		long r = Math.floorMod(i, period);
		return r < n ? r : period - r;
	}

	/**
	 * Crops {@code size} pixels starting at {@code offset} from a channels-last image: a padding by minus the offset
	 * that stays inside the image, so nothing is mirrored.
	 */
	public static FloatTensor crop(FloatTensor image, long[] offset, long[] size) {
		long[] before = new long[offset.length];
		for (int a = 0; a < offset.length; a++)
			before[a] = -offset[a];
		return pad(image, before, size);
	}
}
