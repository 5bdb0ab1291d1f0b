package org.unetfiji.image.ops;

import java.util.Arrays;
import java.util.function.Predicate;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Exact Euclidean distance transform in linear time, for images of any dimensionality (2D and 3D in practice)
 * with anisotropic voxel sizes.
 * <p>
 * The transform is the separable lower-envelope-of-parabolas algorithm of Felzenszwalb &amp; Huttenlocher
 * ("Distance Transforms of Sampled Functions", Theory of Computing 8, 2012): one exact 1D pass per axis, each
 * linear in the number of pixels, so the whole transform costs {@code O(dimensions × pixels)}.
 * <p>
 * The work is done on a flat {@code float[]} in ImgLib2's flat iteration order (dimension 0 fastest), which is
 * what makes the per-line passes cheap; {@link #squaredDistances} and {@link #distances} are the ImgLib2 face
 * (any {@link RandomAccessibleInterval} in, an {@link net.imglib2.img.array.ArrayImg} wrapping the result out),
 * and {@link #transformSquared} is the in-place core for callers that already hold flat arrays.
 * <p>
 * <b>No feature pixel:</b> distances are then {@link Float#POSITIVE_INFINITY} everywhere (a distance to the
 * empty set), never a large finite stand-in, so that callers can test for it with
 * {@link Float#isInfinite(float)}. {@code exp(-d²)}-style weights evaluate to 0 there without special cases.
 */
public final class DistanceTransform {

	private DistanceTransform() {}

	/**
	 * Squared Euclidean distance from every pixel to the nearest feature pixel.
	 *
	 * @param image the image, read in flat iteration order; its origin need not be 0
	 * @param isFeature which pixels are features (distance 0)
	 * @param voxelSize the voxel size along each dimension of {@code image} (dimension 0 first); none means 1
	 *            along every dimension
	 * @param <T> pixel type of {@code image}
	 * @return squared distances in the units of {@code voxelSize}, with the dimensions of {@code image} and origin
	 *         0; {@link Float#POSITIVE_INFINITY} everywhere when {@code image} has no feature pixel
	 */
	public static <T> Img<FloatType> squaredDistances(RandomAccessibleInterval<T> image, Predicate<? super T> isFeature,
		double... voxelSize)
	{
		int[] dims = Intervals.dimensionsAsIntArray(image);
		float[] values = new float[Math.toIntExact(Intervals.numElements(image))];
		Cursor<T> cursor = Views.flatIterable(image).cursor();
		for (int i = 0; i < values.length; i++)
			values[i] = isFeature.test(cursor.next()) ? 0f : Float.POSITIVE_INFINITY;
		transformSquared(values, dims, voxelSize);
		return ArrayImgs.floats(values, Intervals.dimensionsAsLongArray(image));
	}

	/**
	 * Euclidean distance from every pixel to the nearest feature pixel: the square root of
	 * {@link #squaredDistances}.
	 *
	 * @param image the image, read in flat iteration order; its origin need not be 0
	 * @param isFeature which pixels are features (distance 0)
	 * @param voxelSize the voxel size along each dimension (dimension 0 first); none means 1 along every dimension
	 * @param <T> pixel type of {@code image}
	 * @return distances in the units of {@code voxelSize}, with the dimensions of {@code image} and origin 0;
	 *         {@link Float#POSITIVE_INFINITY} everywhere when {@code image} has no feature pixel
	 */
	public static <T> Img<FloatType> distances(RandomAccessibleInterval<T> image, Predicate<? super T> isFeature,
		double... voxelSize)
	{
		Img<FloatType> result = squaredDistances(image, isFeature, voxelSize);
		for (FloatType t : result)
			t.set((float) Math.sqrt(t.get()));
		return result;
	}

	/**
	 * In-place generalised squared distance transform of a sampled function on a flat array:
	 * {@code values[p] ← min_q (|p − q|² + values[q])}, with {@code |·|} the Euclidean norm scaled by
	 * {@code voxelSize}. With 0 at feature pixels and {@link Float#POSITIVE_INFINITY} elsewhere this is the
	 * squared Euclidean distance transform; pixels that no finite value reaches stay infinite.
	 *
	 * @param values the function, in flat order (dimension 0 fastest); overwritten with the result
	 * @param dims the size of each dimension; their product must equal {@code values.length}
	 * @param voxelSize the voxel size along each dimension; none means 1 along every dimension
	 */
	public static void transformSquared(float[] values, int[] dims, double... voxelSize) {
		double[] spacing = checkedVoxelSize(dims.length, voxelSize);
		long size = 1;
		int longest = 0;
		for (int n : dims) {
			if (n < 1) throw new IllegalArgumentException("Empty dimension in " + Arrays.toString(dims));
			size *= n;
			longest = Math.max(longest, n);
		}
		if (size != values.length) throw new IllegalArgumentException(
			"Dimensions " + Arrays.toString(dims) + " do not match " + values.length + " values");
		LineTransform line = new LineTransform(longest);
		int stride = 1;
		for (int d = 0; d < dims.length; d++) {
			int n = dims[d];
			if (n > 1) // along a length-1 axis the transform is the identity
				transformAxis(values, n, stride, line, spacing[d]);
			stride *= n;
		}
	}

	/** Voxel sizes for {@code n} dimensions: 1 when none are given, else exactly {@code n} positive values. */
	public static double[] checkedVoxelSize(int n, double... voxelSize) {
		if (voxelSize.length == 0) {
			double[] ones = new double[n];
			Arrays.fill(ones, 1);
			return ones;
		}
		if (voxelSize.length != n)
			throw new IllegalArgumentException("Expected " + n + " voxel sizes, got " + Arrays.toString(voxelSize));
		for (double s : voxelSize)
			if (!(s > 0) || Double.isInfinite(s))
				throw new IllegalArgumentException("Voxel sizes must be positive: " + Arrays.toString(voxelSize));
		return voxelSize.clone();
	}

	/** Runs the 1D transform along every line of one axis (line length {@code n}, pixel step {@code stride}). */
	private static void transformAxis(float[] values, int n, int stride, LineTransform line, double spacing) {
		int block = n * stride;
		for (int start = 0; start < values.length; start += block)
			for (int offset = start; offset < start + stride; offset++)
				line.apply(values, offset, stride, n, spacing);
	}

	/**
	 * The 1D lower envelope of parabolas with reusable work buffers. Parabolas rooted at infinite samples are left
	 * out of the envelope; a line without any finite sample stays infinite.
	 */
	private static final class LineTransform {

		private final double[] f;
		private final int[] roots;
		private final double[] bounds;

		LineTransform(int maxLength) {
			f = new double[maxLength];
			roots = new int[maxLength];
			bounds = new double[maxLength + 1];
		}

		void apply(float[] values, int offset, int stride, int n, double spacing) {
			int k = -1;
			for (int q = 0, i = offset; q < n; q++, i += stride) {
				double fq = values[i];
				f[q] = fq;
				if (fq == Double.POSITIVE_INFINITY) continue;
				double xq = spacing * q;
				double hq = fq + xq * xq;
				if (k < 0) {
					k = 0;
					roots[0] = q;
					bounds[0] = Double.NEGATIVE_INFINITY;
					bounds[1] = Double.POSITIVE_INFINITY;
					continue;
				}
				double s;
				while (true) {
					int p = roots[k];
					double xp = spacing * p;
					s = (hq - (f[p] + xp * xp)) / (2 * (xq - xp));
					if (s > bounds[k]) break;
					k--; // bounds[0] is -infinity, so k never drops below 0 here
				}
				k++;
				roots[k] = q;
				bounds[k] = s;
				bounds[k + 1] = Double.POSITIVE_INFINITY;
			}
			if (k < 0) return; // no finite sample: the line stays infinite
			k = 0;
			for (int q = 0, i = offset; q < n; q++, i += stride) {
				double x = spacing * q;
				while (bounds[k + 1] < x)
					k++;
				int p = roots[k];
				double dx = x - spacing * p;
				values[i] = (float) (dx * dx + f[p]);
			}
		}
	}
}
