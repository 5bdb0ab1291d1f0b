package org.unetfiji.image.ops;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.LongToDoubleFunction;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.image.PlaneSource;

/**
 * Intensity normalisation applied to every image before the network sees it, per channel: percentiles
 * {@code low}/{@code high} of the image are mapped to 0 and 1 (as CSBDeep and bioimage.io's {@code scale_range}).
 * Stored in the model so training and inference agree.
 */
public record PercentileNormalizer(double lowPercentile, double highPercentile) implements FrameNormalization {

	/** The usual choice for fluorescence and EM images: 1st and 99.8th percentiles. */
	public static final PercentileNormalizer DEFAULT = new PercentileNormalizer(1, 99.8);

	public PercentileNormalizer {
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
			for (int i = 0; i < pixels; i++)
				values[i] = checkFinite(in[i * channels + c], c);
			Arrays.sort(values);
			Range range = range(k -> values[(int) k], pixels);
			for (int i = 0; i < pixels; i++)
				out[i * channels + c] = range.apply(in[i * channels + c]);
		}
		return new FloatTensor(out, image.shape().clone());
	}

	/**
	 * Per channel, the range mapped to {@code [0, 1]} for frame {@code t} of a stack read plane by plane: the same
	 * percentiles as {@link #apply}, counted exactly in a histogram for 8- and 16-bit images (so a stack larger than
	 * memory is read once and never held), and sorted for float images.
	 */
	@Override
	public Range[] ranges(PlaneSource source, int t) {
		Range[] ranges = new Range[source.sizeC()];
		float[] plane = new float[source.sizeX() * source.sizeY()];
		for (int c = 0; c < ranges.length; c++) {
			if (source.bitDepth() <= 16) {
				long[] counts = new long[1 << source.bitDepth()];
				for (int z = 0; z < source.sizeZ(); z++) {
					source.read(c, z, t, plane);
					for (float v : plane)
						counts[(int) v]++;
				}
				ranges[c] = range(k -> valueOfRank(counts, k), (long) plane.length * source.sizeZ());
			}
			else {
				long voxels = (long) plane.length * source.sizeZ();
				if (voxels > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("a float stack of " + voxels +
					" voxels per channel is too large to normalise; convert it to 16-bit first");
				float[] values = new float[(int) voxels];
				for (int z = 0; z < source.sizeZ(); z++) {
					source.read(c, z, t, plane);
					for (int i = 0; i < plane.length; i++)
						values[z * plane.length + i] = checkFinite(plane[i], c);
				}
				Arrays.sort(values);
				ranges[c] = range(k -> values[(int) k], voxels);
			}
		}
		return ranges;
	}

	/** Values mapped to 0 and 1; a constant image ({@code high <= low}) maps to 0. */
	public record Range(double low, double high) implements Serializable {

		public float apply(float value) {
			return high > low ? (float) ((value - low) / (high - low)) : 0;
		}
	}

	private Range range(LongToDoubleFunction valueOfRank, long count) {
		return new Range(percentile(valueOfRank, count, lowPercentile), percentile(valueOfRank, count, highPercentile));
	}

	/** Linear interpolation between order statistics, as numpy's default. */
	private static double percentile(LongToDoubleFunction valueOfRank, long count, double p) {
		double position = p / 100 * (count - 1);
		long below = (long) Math.floor(position);
		long above = Math.min(below + 1, count - 1);
		double low = valueOfRank.applyAsDouble(below);
		return low + (position - below) * (valueOfRank.applyAsDouble(above) - low);
	}

	private static double valueOfRank(long[] counts, long rank) {
		long seen = 0;
		for (int v = 0; v < counts.length; v++) {
			seen += counts[v];
			if (seen > rank) return v;
		}
		throw new IllegalArgumentException("rank " + rank + " beyond " + seen + " values");
	}

	private static float checkFinite(float value, int channel) {
		if (!Float.isFinite(value)) throw new IllegalArgumentException("the image holds " + value + " (channel " +
			channel + "); replace NaN/Inf values (e.g. Process > Math > Remove NaNs) first");
		return value;
	}

	/** The descriptor's form (bioimage.io {@code scale_range}). */
	public org.unetfiji.model.NormalizationSpec toDescriptor() {
		return org.unetfiji.model.NormalizationSpec.percentiles(lowPercentile, highPercentile);
	}

	/** Reads the descriptor's form; only percentile scaling is supported so far. */
	public static PercentileNormalizer from(org.unetfiji.model.NormalizationSpec descriptor) {
		if (!org.unetfiji.model.NormalizationSpec.SCALE_RANGE.equals(descriptor.method()))
			throw new IllegalArgumentException("unsupported normalisation '" + descriptor.method() + "' (supported: " +
				org.unetfiji.model.NormalizationSpec.SCALE_RANGE + ")");
		if (!(descriptor.parameters().get("min_percentile") instanceof Number low) ||
			!(descriptor.parameters().get("max_percentile") instanceof Number high))
			throw new IllegalArgumentException(
				"percentile normalisation needs numeric min_percentile and max_percentile");
		return new PercentileNormalizer(low.doubleValue(), high.doubleValue());
	}
}
