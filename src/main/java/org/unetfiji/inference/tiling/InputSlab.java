package org.unetfiji.inference.tiling;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.unetfiji.image.PlaneSource;
import org.unetfiji.image.ops.MirrorPadding;
import org.unetfiji.image.ops.PercentileNormalizer;

/**
 * The normalised input planes of one frame that the current tiles need, read lazily and dropped once passed, so
 * only about one tile depth of planes is held. Tiles reaching beyond the image are filled by mirroring. Planes may be
 * read in a window of y and x only (the tiles of one block of a larger frame).
 */
final class InputSlab {

	private final PlaneSource source;
	private final int frame;
	private final PercentileNormalizer.Range[] ranges;
	private final Map<Integer, float[]> planes = new HashMap<>();
	/** The window of each plane that is read: first row, rows, first column, columns. */
	private final int[] window;

	InputSlab(PlaneSource source, int frame, PercentileNormalizer.Range[] ranges) {
		this(source, frame, ranges, new int[]{ 0, source.sizeY(), 0, source.sizeX() });
	}

	/** @param window first row, rows, first column and columns read of each plane; every tile must fall inside */
	InputSlab(PlaneSource source, int frame, PercentileNormalizer.Range[] ranges, int[] window) {
		this.source = source;
		this.frame = frame;
		this.ranges = ranges;
		this.window = window.clone();
	}

	/**
	 * Copies a tile, channels-last {@code ([z,] y, x, channels)}, into {@code target} from {@code offset}.
	 *
	 * @param start first voxel {@code (z, y, x)}, possibly outside the image
	 * @param shape tile size {@code (z, y, x)}
	 */
	void copyTile(long[] start, int[] shape, float[] target, int offset) {
		int channels = ranges.length;
		int width = window[3];
		int[] runs = columnRuns(start[2], shape[2], source.sizeX());
		int[] sliceZ = new int[shape[0]];
		for (int z = 0; z < shape[0]; z++)
			sliceZ[z] = (int) MirrorPadding.reflect(start[0] + z, source.sizeZ());
		load(sliceZ);
		float[][] slices = new float[shape[0]][];
		for (int z = 0; z < shape[0]; z++)
			slices[z] = planes.get(sliceZ[z]);
		int sliceLength = shape[1] * shape[2] * channels;
		Parallel.forEach(shape[0], (long) sliceLength * shape[0], z -> {
			float[] plane = slices[z];
			int i = offset + z * sliceLength;
			for (int y = 0; y < shape[1]; y++) {
				int row = (int) (MirrorPadding.reflect(start[1] + y, source.sizeY()) - window[0]) * width - window[2];
				for (int r = 0; r < runs.length; r += 2) {
					int length = runs[r + 1] * channels;
					System.arraycopy(plane, (row + runs[r]) * channels, target, i, length);
					i += length;
				}
			}
		});
	}

	/**
	 * The tile's columns as runs of consecutive image columns, {@code (first column, length)} pairs: one run inside
	 * the image, and one column per run where mirroring reverses the order, so that rows copy in blocks.
	 */
	private static int[] columnRuns(long start, int size, int width) {
		int[] runs = new int[2 * size];
		int count = 0;
		for (int x = 0; x < size; x++) {
			int column = (int) MirrorPadding.reflect(start + x, width);
			if (count > 0 && runs[count - 2] + runs[count - 1] == column) runs[count - 1]++;
			else {
				runs[count++] = column;
				runs[count++] = 1;
			}
		}
		return Arrays.copyOf(runs, count);
	}

	/** Forgets the planes before {@code z}: no later tile needs them. */
	void dropBefore(long z) {
		planes.keySet().removeIf(plane -> plane < z);
	}

	/**
	 * Reads the planes not held yet, in order and from this thread (sources need not be thread-safe), then
	 * normalises them on all cores.
	 */
	private void load(int[] zs) {
		int[] missing = Arrays.stream(zs).distinct().filter(z -> !planes.containsKey(z)).toArray();
		int channels = ranges.length;
		int pixels = window[1] * window[3];
		float[][] loaded = new float[missing.length][];
		float[] values = channels == 1 ? null : new float[pixels];
		for (int k = 0; k < missing.length; k++) {
			float[] plane = new float[pixels * channels];
			for (int c = 0; c < channels; c++) {
				source.read(c, missing[k], frame, window[0], window[1], window[2], window[3],
					channels == 1 ? plane : values);
				if (channels > 1) for (int p = 0; p < pixels; p++)
					plane[p * channels + c] = values[p];
			}
			loaded[k] = plane;
		}
		int rows = window[1];
		int rowLength = window[3] * channels;
		Parallel.forEach(missing.length * rows, (long) missing.length * pixels * channels, kr -> {
			float[] plane = loaded[kr / rows];
			int first = kr % rows * rowLength;
			if (channels == 1) for (int i = first; i < first + rowLength; i++)
				plane[i] = ranges[0].apply(plane[i]);
			else for (int i = first; i < first + rowLength; i++)
				plane[i] = ranges[i % channels].apply(plane[i]);
		});
		for (int k = 0; k < missing.length; k++)
			planes.put(missing[k], loaded[k]);
	}
}
