package org.unetfiji.training.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.unetfiji.image.ops.DistanceTransform;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Training target, loss weight map and tile sampling probabilities for one instance label image, as in the U-Net
 * plugin of Falk et al. 2019 (after Ronneberger et al. 2015).
 * <p>
 * <b>Input convention:</b> an instance label image of any dimensionality (2D and 3D in practice) with label 0 =
 * background and every other value = one object instance, optionally with one "ignore" value
 * ({@link WeightMapSettings#ignoreLabel()}) marking unannotated pixels. Labels must lie in [0, 2³¹). Instances
 * need not be connected nor numbered consecutively. (The Falk plugin's class-label convention, 0 = ignore,
 * 1 = background, 2.. = classes with instances as connected components, is not read directly: relabel such images
 * into instances first.)
 * <p>
 * <b>What is computed:</b>
 * <ol>
 * <li>Touching instances are separated: every pixel of an instance with a face neighbour (4-connectivity in 2D,
 * 6-connectivity in 3D) belonging to another instance becomes background, on both sides of the contact, so that
 * the network learns a gap between them.</li>
 * <li>{@link #target()}: {@link #BACKGROUND}, {@link #FOREGROUND} or {@link #IGNORE} per pixel, after
 * separation.</li>
 * <li>{@link #weights()}: foreground 1, ignore 0, background
 * {@code vBal + w0·exp(−(d1+d2)²/(2σ²)) + (1−vBal)·exp(−d1²/(2σ1²))}, where d1 and d2 are the Euclidean
 * distances (scaled by the voxel size) to the nearest and second-nearest instance after separation. d1 is exact
 * everywhere (one distance transform of all instances); d2 comes from one distance transform per instance
 * restricted to its bounding box enlarged by {@code σ·sqrt(2·ln(w0/tol))}, with
 * {@code tol = }{@link #BORDER_TERM_TOLERANCE}: d2 is exact wherever the border term is at least {@code tol}, and
 * the border term is left out (as 0) elsewhere, so every weight is within {@code tol} of the exact formula.</li>
 * <li>{@link #samplingProbability()}: the probability map for sampling training tiles, foreground 1, background
 * {@code vBal}, ignore 0.</li>
 * </ol>
 * All three images have the dimensions of the label image, with origin 0.
 *
 * @param weights per-pixel loss weights
 * @param target per-pixel class: {@link #BACKGROUND}, {@link #FOREGROUND} or {@link #IGNORE}
 * @param samplingProbability per-pixel tile sampling probability
 */
public record WeightMap(Img<FloatType> weights, Img<UnsignedByteType> target, Img<FloatType> samplingProbability) {

	/** {@link #target()} value of background pixels, including the separating gaps between instances. */
	public static final int BACKGROUND = 0;

	/** {@link #target()} value of instance (foreground) pixels. */
	public static final int FOREGROUND = 1;

	/** {@link #target()} value of pixels to ignore. */
	public static final int IGNORE = 255;

	/** Largest absolute error of a weight caused by leaving out the border term far from touching instances. */
	public static final double BORDER_TERM_TOLERANCE = 1e-3;

	/** Internal id of ignored pixels (instance labels are non-negative). */
	private static final int IGNORED = -1;

	/**
	 * Computes target, weights and sampling probabilities from an instance label image.
	 *
	 * @param labels the instance labels (0 = background, others = instances, optionally one ignore value)
	 * @param settings the weight map parameters, lengths in the units of {@code voxelSize}
	 * @param voxelSize the voxel size along each dimension of {@code labels} (dimension 0 first); none means 1 px
	 *            along every dimension
	 * @return the weight map
	 * @throws IllegalArgumentException when a label is negative or too large, the ignore label is 0, or the voxel
	 *             sizes do not fit
	 */
	public static WeightMap compute(RandomAccessibleInterval<? extends IntegerType<?>> labels,
		WeightMapSettings settings, double... voxelSize)
	{
		if (settings.ignoreLabel().isPresent() && settings.ignoreLabel().getAsInt() == 0)
			throw new IllegalArgumentException("Label 0 is background and cannot be the ignore label");
		int[] dims = Intervals.dimensionsAsIntArray(labels);
		double[] spacing = DistanceTransform.checkedVoxelSize(dims.length, voxelSize);
		int[] ids = readIds(labels, settings);
		separateTouching(ids, dims);

		float[] nearest = new float[ids.length];
		for (int i = 0; i < ids.length; i++)
			nearest[i] = ids[i] > 0 ? 0f : Float.POSITIVE_INFINITY;
		DistanceTransform.transformSquared(nearest, dims, spacing);
		float[] secondNearest = secondNearestSquared(ids, dims, spacing, borderMargin(settings));

		float[] weights = new float[ids.length];
		byte[] target = new byte[ids.length];
		float[] probability = new float[ids.length];
		double vBal = settings.vBal();
		double borderDenominator = 2 * settings.sigma() * settings.sigma();
		double nearDenominator = 2 * settings.sigma1() * settings.sigma1();
		for (int i = 0; i < ids.length; i++) {
			if (ids[i] == IGNORED) {
				target[i] = (byte) IGNORE;
			}
			else if (ids[i] > 0) {
				weights[i] = 1;
				target[i] = FOREGROUND;
				probability[i] = 1;
			}
			else {
				double d1Squared = nearest[i];
				double w = vBal + (1 - vBal) * Math.exp(-d1Squared / nearDenominator);
				if (secondNearest[i] != Float.POSITIVE_INFINITY) {
					double sum = Math.sqrt(d1Squared) + Math.sqrt(secondNearest[i]);
					w += settings.w0() * Math.exp(-sum * sum / borderDenominator);
				}
				weights[i] = (float) w;
				target[i] = BACKGROUND;
				probability[i] = (float) vBal;
			}
		}
		long[] size = Intervals.dimensionsAsLongArray(labels);
		return new WeightMap(ArrayImgs.floats(weights, size), ArrayImgs.unsignedBytes(target, size),
			ArrayImgs.floats(probability, size));
	}

	/** Labels in flat order, with the ignore label replaced by {@link #IGNORED}. */
	private static int[] readIds(RandomAccessibleInterval<? extends IntegerType<?>> labels,
		WeightMapSettings settings)
	{
		int[] ids = new int[Math.toIntExact(Intervals.numElements(labels))];
		boolean hasIgnore = settings.ignoreLabel().isPresent();
		long ignore = hasIgnore ? settings.ignoreLabel().getAsInt() : 0;
		Cursor<? extends IntegerType<?>> cursor = Views.flatIterable(labels).cursor();
		for (int i = 0; i < ids.length; i++) {
			long label = cursor.next().getIntegerLong();
			if (hasIgnore && label == ignore) ids[i] = IGNORED;
			else if (label < 0 || label > Integer.MAX_VALUE)
				throw new IllegalArgumentException("Instance labels must lie in [0, 2^31): " + label);
			else ids[i] = (int) label;
		}
		return ids;
	}

	/** Sets to background every instance pixel with a face neighbour in another instance. */
	private static void separateTouching(int[] ids, int[] dims) {
		boolean[] contact = new boolean[ids.length];
		int stride = 1;
		for (int n : dims) {
			int block = stride * n;
			for (int start = 0; start < ids.length; start += block)
				for (int i = start, last = start + block - stride; i < last; i++) {
					int a = ids[i];
					int b = ids[i + stride];
					if (a > 0 && b > 0 && a != b) {
						contact[i] = true;
						contact[i + stride] = true;
					}
				}
			stride = block;
		}
		for (int i = 0; i < ids.length; i++)
			if (contact[i]) ids[i] = 0;
	}

	/** Distance beyond which the border term {@code w0·exp(−(d1+d2)²/(2σ²))} is below the tolerance. */
	private static double borderMargin(WeightMapSettings settings) {
		if (settings.w0() <= BORDER_TERM_TOLERANCE) return -1;
		return settings.sigma() * Math.sqrt(2 * Math.log(settings.w0() / BORDER_TERM_TOLERANCE));
	}

	/**
	 * Squared distance of every background pixel to its second-nearest instance where that is at most
	 * {@code margin}, infinity elsewhere (and everywhere when {@code margin} is negative).
	 */
	private static float[] secondNearestSquared(int[] ids, int[] dims, double[] spacing, double margin) {
		float[] best = new float[ids.length];
		float[] second = new float[ids.length];
		Arrays.fill(best, Float.POSITIVE_INFINITY);
		Arrays.fill(second, Float.POSITIVE_INFINITY);
		if (margin < 0) return second;
		int[] marginPixels = new int[dims.length];
		for (int d = 0; d < dims.length; d++)
			marginPixels[d] = (int) Math.ceil(margin / spacing[d]);
		for (Box box : instanceBoxes(ids, dims)) {
			Box region = box.enlarged(marginPixels, dims);
			int label = box.label;
			float[] local = new float[region.size()];
			region.forEachRow(dims, (image, boxStart, length) -> {
				for (int x = 0; x < length; x++)
					local[boxStart + x] = ids[image + x] == label ? 0f : Float.POSITIVE_INFINITY;
			});
			DistanceTransform.transformSquared(local, region.dimensions(), spacing);
			region.forEachRow(dims, (image, boxStart, length) -> {
				for (int x = 0; x < length; x++) {
					int i = image + x;
					if (ids[i] != 0) continue;
					float v = local[boxStart + x];
					if (v < best[i]) {
						second[i] = best[i];
						best[i] = v;
					}
					else if (v < second[i]) {
						second[i] = v;
					}
				}
			});
		}
		return second;
	}

	/** The bounding box of every instance, in order of first appearance. */
	private static List<Box> instanceBoxes(int[] ids, int[] dims) {
		Map<Integer, Box> byLabel = new HashMap<>();
		List<Box> boxes = new ArrayList<>();
		int[] position = new int[dims.length];
		Box current = null;
		for (int i = 0; i < ids.length; i++) {
			int label = ids[i];
			if (label > 0) {
				if (current == null || current.label != label) {
					current = byLabel.get(label);
					if (current == null) {
						current = new Box(label, position.clone(), position.clone());
						byLabel.put(label, current);
						boxes.add(current);
					}
				}
				current.include(position);
			}
			for (int d = 0; d < dims.length && ++position[d] == dims[d]; d++)
				position[d] = 0;
		}
		return boxes;
	}

	/** Receives one row (a run along dimension 0) of a box: its image index, box index and length. */
	@FunctionalInterface
	private interface RowVisitor {

		void visit(int imageStart, int boxStart, int length);
	}

	/** An axis-aligned box of pixels (inclusive bounds), tagged with an instance label. */
	private static final class Box {

		final int label;
		final int[] min;
		final int[] max;

		Box(int label, int[] min, int[] max) {
			this.label = label;
			this.min = min;
			this.max = max;
		}

		void include(int[] position) {
			for (int d = 0; d < min.length; d++) {
				min[d] = Math.min(min[d], position[d]);
				max[d] = Math.max(max[d], position[d]);
			}
		}

		Box enlarged(int[] margin, int[] dims) {
			int[] lo = new int[min.length];
			int[] hi = new int[min.length];
			for (int d = 0; d < min.length; d++) {
				lo[d] = Math.max(0, min[d] - margin[d]);
				hi[d] = Math.min(dims[d] - 1, max[d] + margin[d]);
			}
			return new Box(label, lo, hi);
		}

		int[] dimensions() {
			int[] size = new int[min.length];
			for (int d = 0; d < min.length; d++)
				size[d] = max[d] - min[d] + 1;
			return size;
		}

		int size() {
			int size = 1;
			for (int n : dimensions())
				size *= n;
			return size;
		}

		/** Visits the rows of this box inside an image of dimensions {@code dims}, in flat order. */
		void forEachRow(int[] dims, RowVisitor visitor) {
			int n = min.length;
			int[] size = dimensions();
			int[] strides = new int[n];
			strides[0] = 1;
			for (int d = 1; d < n; d++)
				strides[d] = strides[d - 1] * dims[d - 1];
			int[] position = min.clone();
			int rows = size() / size[0];
			for (int row = 0; row < rows; row++) {
				int image = 0;
				for (int d = 0; d < n; d++)
					image += position[d] * strides[d];
				visitor.visit(image, row * size[0], size[0]);
				for (int d = 1; d < n && ++position[d] > max[d]; d++)
					position[d] = min[d];
			}
		}
	}
}
