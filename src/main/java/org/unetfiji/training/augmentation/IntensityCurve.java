package org.unetfiji.training.augmentation;

import java.util.Random;

/**
 * A random intensity change of one tile: a gamma curve over the tile's range, then contrast and brightness, then
 * Gaussian noise. The identity ({@code gamma = scale = 1}, {@code shift = noise = 0}) leaves values untouched.
 */
record IntensityCurve(double gamma, double scale, double shift, double noise, long noiseSeed) {

	static final IntensityCurve IDENTITY = new IntensityCurve(1, 1, 0, 0, 0);

	void apply(float[] image) {
		if (gamma != 1) {
			float lo = Float.POSITIVE_INFINITY;
			float hi = Float.NEGATIVE_INFINITY;
			for (float v : image) {
				lo = Math.min(lo, v);
				hi = Math.max(hi, v);
			}
			double range = hi - lo;
			if (range > 0) for (int i = 0; i < image.length; i++)
				image[i] = (float) (lo + range * Math.pow((image[i] - lo) / range, gamma));
		}
		Random random = new Random(noiseSeed);
		if (scale != 1 || shift != 0 || noise != 0) for (int i = 0; i < image.length; i++)
			image[i] = (float) (image[i] * scale + shift + (noise == 0 ? 0 : noise * random.nextGaussian()));
	}
}
