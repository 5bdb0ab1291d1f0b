package org.unetfiji.inference;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.inference.postprocessing.Components;
import org.unetfiji.inference.postprocessing.Watershed;
import org.unetfiji.inference.postprocessing.Postprocessing;
import org.unetfiji.inference.tiling.TiledPredictor;
import org.unetfiji.model.Processing;

/**
 * Segments an image at the pixel size its model was trained at ({@code rescale=}): the planes the network sees are
 * resampled (linearly) to the model's element size, and its class probabilities are mapped back linearly onto the
 * image's grid, where labels and instances are found, so that they are numbered as usual. Works plane by plane with
 * two planes held, so stacks still stream.
 */
public final class Rescaling {

	/** The key that switches it off, {@code rescale}. */
	public static final String KEY = "rescale";
	/** Relative difference of pixel sizes below which an image is taken as it is. */
	public static final double TOLERANCE = 0.1;
	/**
	 * The largest factor an image is resampled by: beyond it the calibration is more likely wrong than the image
	 * (and the resampled image would not fit in memory), so it is taken as it is.
	 */
	public static final double LARGEST_FACTOR = 4;

	/**
	 * What to do with an image.
	 *
	 * @param rescaling how to resample, or null to segment the image as it is
	 * @param note what the log says about it, or null for nothing
	 */
	public record Plan(Rescaling rescaling, String note) {}

	private final long[] size;
	private final long[] scaled;
	private final double[] modelSize;

	private Rescaling(long[] size, long[] scaled, double[] modelSize) {
		this.size = size;
		this.scaled = scaled;
		this.modelSize = modelSize;
	}

	/**
	 * Whether and how to rescale an image for a model.
	 *
	 * @param modelElementSizeUm the model's element size ({@code [z,] y, x}), empty when it is unknown
	 * @param allowed false for {@code rescale=false}
	 */
	public static Plan plan(PlaneSource image, List<Double> modelElementSizeUm, boolean allowed) {
		if (modelElementSizeUm.isEmpty()) return new Plan(null, null);
		int dims = modelElementSizeUm.size();
		double[] model = { modelElementSizeUm.get(dims - 1), modelElementSizeUm.get(dims - 2),
			dims == 3 ? modelElementSizeUm.get(0) : 1 };
		double perUm = micrometres(image.unit());
		if (Double.isNaN(perUm)) return new Plan(null, "the image is not calibrated in a length unit: taken at the " +
			"model's pixel size " + sizes(model, dims) + " µm");
		double[] voxel = image.voxelSize();
		double[] own = { voxel[0] * perUm, voxel[1] * perUm, voxel[2] * perUm };
		boolean differs = false;
		for (int a = 0; a < (dims == 3 && image.sizeZ() > 1 ? 3 : 2); a++)
			differs |= Math.abs(own[a] / model[a] - 1) > TOLERANCE;
		if (!differs) return new Plan(null, null);
		String sizes = "pixel size " + sizes(own, dims) + " µm, model's " + sizes(model, dims) + " µm";
		if (!allowed) return new Plan(null, KEY + "=false: segmented at its own " + sizes);
		for (int a = 0; a < (dims == 3 && image.sizeZ() > 1 ? 3 : 2); a++)
			if (own[a] / model[a] > LARGEST_FACTOR || model[a] / own[a] > LARGEST_FACTOR)
				return new Plan(null, "not rescaled: the " + sizes + " differ more than " + (int) LARGEST_FACTOR +
					" times; check the image's calibration");
		long[] size = { image.sizeX(), image.sizeY(), image.sizeZ() };
		long[] scaled = size.clone();
		double[] target = own.clone();
		for (int a = 0; a < (dims == 3 && image.sizeZ() > 1 ? 3 : 2); a++) {
			scaled[a] = Math.max(1, Math.round(size[a] * own[a] / model[a]));
			target[a] = model[a];
		}
		return new Plan(new Rescaling(size, scaled, target), "rescaled from " + sizes(size) + " to " + sizes(scaled) +
			" px for the model (" + sizes + "); results are mapped back to the image's grid");
	}

	/** The image resampled to the model's pixel size, read plane by plane as the tiler asks. */
	public PlaneSource scaled(PlaneSource image) {
		return new PlaneSource() {

			private final float[] below = new float[image.sizeX() * image.sizeY()];
			private final float[] above = new float[below.length];
			private final int[] read = { -1, -1, -1, -1 };

			@Override
			public long[] dimensions() {
				long[] dims = image.dimensions().clone();
				dims[Hyperstack.AXIS_X] = scaled[0];
				dims[Hyperstack.AXIS_Y] = scaled[1];
				dims[Hyperstack.AXIS_Z] = scaled[2];
				return dims;
			}

			@Override
			public int bitDepth() {
				return image.bitDepth();
			}

			@Override
			public void read(int c, int z, int t, float[] target) {
				double position = source(z);
				int lower = (int) Math.floor(position);
				int upper = Math.min(lower + 1, (int) size[2] - 1);
				if (read[0] != c || read[1] != t || read[2] != lower || read[3] != upper) {
					image.read(c, lower, t, below);
					image.read(c, upper, t, above);
					read[0] = c;
					read[1] = t;
					read[2] = lower;
					read[3] = upper;
				}
				float w = (float) (position - lower);
				resample(below, above, w, (int) size[0], (int) size[1], target, (int) scaled[0], (int) scaled[1]);
			}

			@Override
			public double[] voxelSize() {
				return modelSize.clone();
			}

			@Override
			public String unit() {
				return "µm";
			}

			@Override
			public String name() {
				return image.name();
			}
		};
	}

	/**
	 * Maps the probability planes of the scaled image back onto the image's grid, handing them to {@code output} in
	 * z order as soon as the planes they lie between are in.
	 */
	public TiledPredictor.PlaneConsumer back(TiledPredictor.PlaneConsumer output) {
		return new TiledPredictor.PlaneConsumer() {

			private float[][] previous;
			private int next;

			@Override
			public void accept(long z, float[][] probabilities) throws IOException {
				float[][] current = new float[probabilities.length][];
				for (int c = 0; c < current.length; c++)
					current[c] = probabilities[c].clone();
				while (next < size[2]) {
					double position = target(next);
					int lower = (int) Math.floor(position);
					int upper = Math.min(lower + 1, (int) scaled[2] - 1);
					if (upper > z) break;
					float[][] low = lower == z ? current : previous;
					float w = (float) (position - lower);
					float[][] plane = new float[current.length][(int) (size[0] * size[1])];
					for (int c = 0; c < plane.length; c++)
						resample(low[c], current[c], upper == lower ? 0 : w, (int) scaled[0], (int) scaled[1], plane[c],
							(int) size[0], (int) size[1]);
					output.accept(next++, plane);
				}
				previous = current;
				if (z == scaled[2] - 1) next = 0;
			}
		};
	}

	/**
	 * The chain with its recorded sizes converted from the model's pixels to the image's: the smallest object
	 * ({@code min_size}, by the voxel volume) and the watershed's seed distance ({@code seed_distance}, by the pixel
	 * width). Apply it before the sizes a user gives, which count the image's own pixels.
	 */
	public Postprocessing atImageScale(Postprocessing chain) {
		double volume = 1;
		for (int a = 0; a < 3; a++)
			volume *= (double) size[a] / scaled[a];
		double width = (double) size[0] / scaled[0];
		Postprocessing converted = chain;
		for (Processing step : chain.steps()) {
			if (step.kwargs().get(Components.MIN_SIZE) instanceof Number recorded && recorded.longValue() != 0)
				converted = converted.withMinSize(Math.round(recorded.longValue() * volume));
			if (step.kwargs().get(Watershed.SEED_DISTANCE) instanceof Number recorded)
				converted = converted.with(Watershed.SEED_DISTANCE, recorded.doubleValue() * width);
		}
		return converted;
	}

	/** Where plane {@code z} of the scaled image lies in the image. */
	private double source(int z) {
		return clamp((z + 0.5) * size[2] / scaled[2] - 0.5, size[2] - 1);
	}

	/** Where plane {@code z} of the image lies in the scaled image. */
	private double target(int z) {
		return clamp((z + 0.5) * scaled[2] / size[2] - 0.5, scaled[2] - 1);
	}

	private static double clamp(double position, long last) {
		return Math.max(0, Math.min(last, position));
	}

	/**
	 * Resamples a plane, blended {@code w} of the way from {@code below} to {@code above}, bilinearly from
	 * {@code width × height} to {@code toWidth × toHeight}, pixel centres aligned.
	 */
	static void resample(float[] below, float[] above, float w, int width, int height, float[] target, int toWidth,
		int toHeight)
	{
		int[] x0 = new int[toWidth];
		int[] x1 = new int[toWidth];
		float[] wx = new float[toWidth];
		for (int x = 0; x < toWidth; x++) {
			double p = clamp((x + 0.5) * width / toWidth - 0.5, width - 1);
			x0[x] = (int) Math.floor(p);
			x1[x] = Math.min(x0[x] + 1, width - 1);
			wx[x] = (float) (p - x0[x]);
		}
		for (int y = 0; y < toHeight; y++) {
			double p = clamp((y + 0.5) * height / toHeight - 0.5, height - 1);
			int y0 = (int) Math.floor(p);
			int y1 = Math.min(y0 + 1, height - 1);
			float wy = (float) (p - y0);
			for (int x = 0; x < toWidth; x++) {
				float value = 0;
				for (int k = 0; k < (w > 0 ? 2 : 1); k++) {
					float[] plane = k == 0 ? below : above;
					float top = plane[y0 * width + x0[x]] * (1 - wx[x]) + plane[y0 * width + x1[x]] * wx[x];
					float bottom = plane[y1 * width + x0[x]] * (1 - wx[x]) + plane[y1 * width + x1[x]] * wx[x];
					value += (k == 0 ? 1 - w : w) * (top * (1 - wy) + bottom * wy);
				}
				target[y * toWidth + x] = value;
			}
		}
	}

	/** Micrometres per unit, NaN for pixels or an unknown unit. */
	public static double micrometres(String unit) {
		return switch (unit.strip().toLowerCase(Locale.ROOT)) {
			case "µm", "um", "micron", "microns", "micrometer", "micrometre", "\u03bcm" -> 1;
			case "nm", "nanometer", "nanometre" -> 1e-3;
			case "mm", "millimeter", "millimetre" -> 1e3;
			default -> Double.NaN;
		};
	}

	private static String sizes(double[] xyz, int dims) {
		return dims == 3 ? number(xyz[0]) + "×" + number(xyz[1]) + "×" + number(xyz[2])
			: number(xyz[0]) + "×" + number(xyz[1]);
	}

	/** Four significant digits, no trailing zeros: 0.5, 0.004, 0.1268. */
	private static String number(double value) {
		return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
	}

	private static String sizes(long[] xyz) {
		return xyz[2] > 1 ? xyz[0] + "×" + xyz[1] + "×" + xyz[2] : xyz[0] + "×" + xyz[1];
	}

	@Override
	public String toString() {
		return "rescaling " + Arrays.toString(size) + " -> " + Arrays.toString(scaled);
	}
}
