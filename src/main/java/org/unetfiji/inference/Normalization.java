package org.unetfiji.inference;

import java.util.Arrays;

import org.unetfiji.engine.FloatTensor;

/**
 * Intensity normalisation applied to every image before the network sees it, per channel: percentiles
 * {@code low}/{@code high} of the image are mapped to 0 and 1 (as CSBDeep and bioimage.io's {@code scale_range}).
 * Stored in the model so training and inference agree.
 */
public record Normalization(double lowPercentile, double highPercentile) {

	/** The usual choice for fluorescence and EM images: 1st and 99.8th percentiles. */
	public static final Normalization DEFAULT = new Normalization(1, 99.8);

	public Normalization {
		if (!(lowPercentile >= 0 && lowPercentile < highPercentile && highPercentile <= 100))
			throw new IllegalArgumentException("normalisation percentiles must satisfy 0 <= low < high <= 100, got " +
				lowPercentile + " and " + highPercentile);
	}

	/**
	 * Normalises a channels-last image ({@code ..., channels}) into a new tensor.
	 *
	 * @throws IllegalArgumentException when the image holds NaN or infinite values
	 */
	public FloatTensor apply(FloatTensor image) {
		int channels = (int) image.size(image.rank() - 1);
		float[] in = image.data();
		float[] out = new float[in.length];
		int pixels = in.length / channels;
		float[] values = new float[pixels];
		for (int c = 0; c < channels; c++) {
			for (int i = 0; i < pixels; i++) {
				float v = in[i * channels + c];
				if (!Float.isFinite(v)) throw new IllegalArgumentException("the image holds " + v + " at pixel " + i +
					" (channel " + c + "); replace NaN/Inf values (e.g. Process > Math > Remove NaNs) first");
				values[i] = v;
			}
			Arrays.sort(values);
			double low = percentile(values, lowPercentile);
			double high = percentile(values, highPercentile);
			double scale = high > low ? 1 / (high - low) : 0; // a constant image maps to 0
			for (int i = 0; i < pixels; i++)
				out[i * channels + c] = (float) ((in[i * channels + c] - low) * scale);
		}
		return new FloatTensor(out, image.shape().clone());
	}

	private static double percentile(float[] sorted, double p) {
		double position = p / 100 * (sorted.length - 1);
		int below = (int) Math.floor(position);
		int above = Math.min(below + 1, sorted.length - 1);
		return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
	}

	/** The descriptor's form (bioimage.io {@code scale_range}). */
	public org.unetfiji.model.Normalization toDescriptor() {
		return org.unetfiji.model.Normalization.percentiles(lowPercentile, highPercentile);
	}

	/** Reads the descriptor's form; only percentile scaling is supported so far. */
	public static Normalization from(org.unetfiji.model.Normalization descriptor) {
		if (!org.unetfiji.model.Normalization.SCALE_RANGE.equals(descriptor.method()))
			throw new IllegalArgumentException("unsupported normalisation '" + descriptor.method() +
				"' (supported: " + org.unetfiji.model.Normalization.SCALE_RANGE + ")");
		if (!(descriptor.parameters().get("min_percentile") instanceof Number low) || !(descriptor.parameters().get(
			"max_percentile") instanceof Number high)) throw new IllegalArgumentException(
				"percentile normalisation needs numeric min_percentile and max_percentile");
		return new Normalization(low.doubleValue(), high.doubleValue());
	}
}
