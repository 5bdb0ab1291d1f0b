package org.unetfiji.inference.tiling;

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
		int[] columns = new int[shape[2]];
		for (int x = 0; x < shape[2]; x++)
			columns[x] = (int) (MirrorPadding.reflect(start[2] + x, source.sizeX()) - window[2]) * channels;
		int i = offset;
		for (int z = 0; z < shape[0]; z++) {
			float[] plane = plane((int) MirrorPadding.reflect(start[0] + z, source.sizeZ()));
			for (int y = 0; y < shape[1]; y++) {
				int row = (int) (MirrorPadding.reflect(start[1] + y, source.sizeY()) - window[0]) * width * channels;
				for (int x = 0; x < shape[2]; x++, i += channels)
					System.arraycopy(plane, row + columns[x], target, i, channels);
			}
		}
	}

	/** Forgets the planes before {@code z}: no later tile needs them. */
	void dropBefore(long z) {
		planes.keySet().removeIf(plane -> plane < z);
	}

	/** A plane, channels-last {@code (y, x, channels)}, normalised. */
	private float[] plane(int z) {
		return planes.computeIfAbsent(z, this::read);
	}

	private float[] read(int z) {
		int channels = ranges.length;
		int pixels = window[1] * window[3];
		float[] plane = new float[pixels * channels];
		float[] values = new float[pixels];
		for (int c = 0; c < channels; c++) {
			source.read(c, z, frame, window[0], window[1], window[2], window[3], values);
			for (int p = 0; p < pixels; p++)
				plane[p * channels + c] = ranges[c].apply(values[p]);
		}
		return plane;
	}
}
