package org.unetfiji.evaluation;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Connected-component labelling of 2D or 3D (or n-D) images in near-linear time (one raster scan with union-find, one
 * relabelling scan).
 * <p>
 * Two pixels are connected when they are neighbours (see {@link Connectivity}) and have the same non-zero value, so
 * for a binary image the components are the usual foreground components, and for a label image each label is split
 * into its connected pieces. Zero is background. Components are numbered 1..n in raster order of their first pixel.
 */
public final class ConnectedComponents {

	private ConnectedComponents() {}

	/** Labels the components of {@code image}; the result has the same dimensions and a zero minimum. */
	public static Img<IntType> label(final RandomAccessibleInterval<? extends IntegerType<?>> image,
			final Connectivity connectivity) {
		return ArrayImgs.ints(labelArray(image, connectivity, false), image.dimensionsAsLongArray());
	}

	/** Labels the components of the foreground (all non-zero values alike) of {@code image}. */
	static Img<IntType> labelForeground(final RandomAccessibleInterval<? extends IntegerType<?>> image,
			final Connectivity connectivity) {
		return ArrayImgs.ints(labelArray(image, connectivity, true), image.dimensionsAsLongArray());
	}

	/** Labels in flat iteration order (dimension 0 fastest). */
	private static int[] labelArray(final RandomAccessibleInterval<? extends IntegerType<?>> image,
			final Connectivity connectivity, final boolean binary) {
		final long size = image.size();
		if (size > Integer.MAX_VALUE)
			throw new IllegalArgumentException("Image too large for labelling: " + size + " pixels");
		final long[] values = new long[(int) size];
		final Cursor<? extends IntegerType<?>> cursor = Views.flatIterable(image).cursor();
		for (int i = 0; i < values.length; i++) {
			final long value = cursor.next().getIntegerLong();
			values[i] = binary && value != 0 ? 1 : value;
		}

		final int[] dims = new int[image.numDimensions()];
		for (int d = 0; d < dims.length; d++)
			dims[d] = (int) image.dimension(d);
		final int[][] offsets = backwardOffsets(dims.length, connectivity);
		final int[] flatOffsets = new int[offsets.length];
		for (int o = 0; o < offsets.length; o++)
			for (int d = 0, stride = 1; d < dims.length; stride *= dims[d], d++)
				flatOffsets[o] += offsets[o][d] * stride;

		// union-find whose roots are the first (smallest) index of each component
		final int[] parent = new int[values.length];
		final int[] position = new int[dims.length];
		for (int i = 0; i < values.length; i++, increment(position, dims)) {
			parent[i] = i;
			if (values[i] == 0)
				continue;
			for (int o = 0; o < offsets.length; o++) {
				final int n = i + flatOffsets[o];
				if (inside(position, offsets[o], dims) && values[n] == values[i])
					union(parent, i, n);
			}
		}
		final int[] labels = new int[values.length];
		int count = 0;
		for (int i = 0; i < values.length; i++) {
			if (values[i] == 0)
				continue;
			final int root = find(parent, i);
			labels[i] = root == i ? ++count : labels[root];
		}
		return labels;
	}

	/** Neighbour offsets that precede a pixel in raster order (last non-zero coordinate is -1). */
	private static int[][] backwardOffsets(final int n, final Connectivity connectivity) {
		final List<int[]> offsets = new ArrayList<>();
		if (connectivity == Connectivity.FACE) {
			for (int d = 0; d < n; d++) {
				final int[] o = new int[n];
				o[d] = -1;
				offsets.add(o);
			}
		}
		else {
			final int[] o = new int[n];
			for (int k = 0; k < Math.pow(3, n); k++) {
				for (int d = 0, r = k; d < n; d++, r /= 3)
					o[d] = r % 3 - 1;
				int last = n - 1;
				while (last >= 0 && o[last] == 0)
					last--;
				if (last >= 0 && o[last] == -1)
					offsets.add(o.clone());
			}
		}
		return offsets.toArray(int[][]::new);
	}

	private static boolean inside(final int[] position, final int[] offset, final int[] dims) {
		for (int d = 0; d < dims.length; d++) {
			final int p = position[d] + offset[d];
			if (p < 0 || p >= dims[d])
				return false;
		}
		return true;
	}

	private static void increment(final int[] position, final int[] dims) {
		for (int d = 0; d < dims.length; d++) {
			if (++position[d] < dims[d])
				return;
			position[d] = 0;
		}
	}

	private static int find(final int[] parent, int i) {
		while (parent[i] != i) {
			parent[i] = parent[parent[i]];
			i = parent[i];
		}
		return i;
	}

	private static void union(final int[] parent, final int a, final int b) {
		final int ra = find(parent, a);
		final int rb = find(parent, b);
		if (ra < rb)
			parent[rb] = ra;
		else if (rb < ra)
			parent[ra] = rb;
	}
}
