package org.unetfiji.visualization;

import java.util.Arrays;

import org.unetfiji.image.Hyperstack;

import ij.process.ColorProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Pictures of a segmentation for people: the grey image with each object tinted and outlined in its own colour (a
 * glasbey-like table of distinct colours, so that merged and split objects show), and each non-background class
 * outside objects tinted in its class colour with class borders drawn on top.
 */
public final class Overlay {

	/** Tint colours (RGB) of classes 1, 2, ...; class 0 is background and stays grey. */
	private static final int[] COLOURS = { 0xff3030, 0x30d030, 0x3080ff, 0xffd000, 0xff40ff, 0x00e0e0 };
	private static final double TINT = 0.35;
	/** Distinct colours (RGB) of objects 1, 2, ... */
	private static final int[] OBJECT_COLOURS = objectColours(64);

	private Overlay() {}

	/**
	 * @param grey one plane, {@code width × height} values in row order (any range: shown between its 1st and
	 *          99.8th percentile)
	 * @param classes the class of each pixel of the plane
	 */
	public static ColorProcessor render(float[] grey, int[] classes, int width, int height) {
		return render(grey, classes, null, width, height);
	}

	/**
	 * @param grey one plane, {@code width × height} values in row order (any range: shown between its 1st and
	 *          99.8th percentile)
	 * @param classes the class of each pixel of the plane
	 * @param instances the object of each pixel (0: none), each outlined in its own colour; null for classes only
	 */
	public static ColorProcessor render(float[] grey, int[] classes, int[] instances, int width, int height) {
		if (grey.length != (long) width * height || classes.length != grey.length ||
			instances != null && instances.length != grey.length)
			throw new IllegalArgumentException("overlay needs " + width + "×" + height + " values");
		float[] range = valuesOfRanks(grey, (int) (0.01 * (grey.length - 1)), (int) (0.998 * (grey.length - 1)));
		float low = range[0];
		float high = range[1];
		float scale = high > low ? 255f / (high - low) : 0;
		ColorProcessor picture = new ColorProcessor(width, height);
		int[] pixels = (int[]) picture.getPixels();
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				int i = y * width + x;
				int g = Math.max(0, Math.min(255, Math.round((grey[i] - low) * scale)));
				int c = classes[i];
				int rgb = (g << 16) | (g << 8) | g;
				int object = instances == null ? 0 : instances[i];
				if (object > 0) rgb = isBorder(instances, width, height, x, y) ? objectColour(object)
					: blend(rgb, objectColour(object));
				else if (isBorder(classes, width, height, x, y))
					rgb = colour(Math.max(c, neighbourClass(classes, width, height, x, y)));
				else if (c > 0) rgb = blend(rgb, colour(c));
				pixels[i] = rgb;
			}
		return picture;
	}

	/**
	 * The values of ranks {@code k} among {@code values} in {@link Float#compare} order, as a sort would place them,
	 * exactly, in two counting passes: the upper 16 bits of each value's sortable key, then the lower 16 bits of the
	 * values in the buckets the ranks fell into (a sort of a 4096² plane cost seconds, a quickselect half a second).
	 */
	static float[] valuesOfRanks(float[] values, int... ranks) {
		int[] high = new int[ranks.length];
		long[] below = new long[ranks.length];
		int[] counts = new int[1 << 16];
		for (float value : values)
			counts[sortableKey(value) >>> 16]++;
		for (int r = 0; r < ranks.length; r++) {
			long seen = 0;
			int bucket = 0;
			while (seen + counts[bucket] <= ranks[r])
				seen += counts[bucket++];
			high[r] = bucket;
			below[r] = seen;
		}
		float[] result = new float[ranks.length];
		for (int r = 0; r < ranks.length; r++) {
			Arrays.fill(counts, 0);
			for (float value : values) {
				int key = sortableKey(value);
				if (key >>> 16 == high[r]) counts[key & 0xffff]++;
			}
			long seen = below[r];
			int bucket = 0;
			while (seen + counts[bucket] <= ranks[r])
				seen += counts[bucket++];
			result[r] = fromSortableKey(high[r] << 16 | bucket);
		}
		return result;
	}

	/** The bits of a float, turned so that unsigned order is {@link Float#compare} order (NaN last, -0 before 0). */
	private static int sortableKey(float value) {
		int bits = Float.floatToIntBits(value);
		return (bits ^ ((bits >> 31) & 0x7fffffff)) ^ 0x80000000;
	}

	private static float fromSortableKey(int key) {
		int bits = key ^ 0x80000000;
		return Float.intBitsToFloat(bits ^ ((bits >> 31) & 0x7fffffff));
	}

	/**
	 * The overlay of a segmented hyperstack: its first channel and frame, at the middle slice of a stack.
	 */
	public static ColorProcessor render(Hyperstack<?> image, Hyperstack<IntType> classes) {
		return render(image, classes, null);
	}

	/**
	 * The overlay of a segmented hyperstack with its objects ({@code instances}, or null for classes only): its
	 * first channel and frame, at the middle slice of a stack.
	 */
	public static ColorProcessor render(Hyperstack<?> image, Hyperstack<IntType> classes,
		Hyperstack<IntType> instances)
	{
		long z = image.sizeZ() / 2;
		int width = (int) image.sizeX();
		int height = (int) image.sizeY();
		float[] grey = new float[width * height];
		var in = Views.flatIterable(plane(image.data(), z)).cursor();
		for (int i = 0; in.hasNext(); i++)
			grey[i] = in.next().getRealFloat();
		return render(grey, plane(classes, z), instances == null ? null : plane(instances, z), width, height);
	}

	private static int[] plane(Hyperstack<IntType> labels, long z) {
		int[] values = new int[(int) (labels.sizeX() * labels.sizeY())];
		var c = Views.flatIterable(plane(labels.data(), z)).cursor();
		for (int i = 0; c.hasNext(); i++)
			values[i] = c.next().get();
		return values;
	}

	/** The (x, y) plane at channel 0, slice z, frame 0 of an (x, y, c, z, t) image. */
	private static <T> RandomAccessibleInterval<T> plane(RandomAccessibleInterval<T> data, long z) {
		return Views.hyperSlice(Views.hyperSlice(Views.hyperSlice(data, 4, 0), 3, z), 2, 0);
	}

	private static boolean isBorder(int[] classes, int width, int height, int x, int y) {
		int c = classes[y * width + x];
		return (x > 0 && classes[y * width + x - 1] != c) || (y > 0 && classes[(y - 1) * width + x] != c) ||
			(x < width - 1 && classes[y * width + x + 1] != c) || (y < height - 1 && classes[(y + 1) * width + x] != c);
	}

	private static int neighbourClass(int[] classes, int width, int height, int x, int y) {
		int best = 0;
		if (x > 0) best = Math.max(best, classes[y * width + x - 1]);
		if (y > 0) best = Math.max(best, classes[(y - 1) * width + x]);
		if (x < width - 1) best = Math.max(best, classes[y * width + x + 1]);
		if (y < height - 1) best = Math.max(best, classes[(y + 1) * width + x]);
		return best;
	}

	private static int colour(int c) {
		return c <= 0 ? 0xffffff : COLOURS[(c - 1) % COLOURS.length];
	}

	private static int objectColour(int object) {
		return OBJECT_COLOURS[(object - 1) % OBJECT_COLOURS.length];
	}

	/**
	 * Colours that neighbouring numbers tell apart, as glasbey's tables do: hues a golden angle apart, saturation
	 * and brightness cycling, so that consecutive objects never look alike.
	 */
	private static int[] objectColours(int count) {
		int[] colours = new int[count];
		for (int i = 0; i < count; i++) {
			float hue = (float) ((i * 0.6180339887) % 1);
			float saturation = i % 2 == 0 ? 0.95f : 0.6f;
			float brightness = i % 3 == 2 ? 0.75f : 1f;
			colours[i] = java.awt.Color.HSBtoRGB(hue, saturation, brightness) & 0xffffff;
		}
		return colours;
	}

	private static int blend(int grey, int colour) {
		int out = 0;
		for (int shift = 0; shift <= 16; shift += 8) {
			int a = (grey >> shift) & 0xff;
			int b = (colour >> shift) & 0xff;
			out |= ((int) Math.round((1 - TINT) * a + TINT * b)) << shift;
		}
		return out;
	}
}
