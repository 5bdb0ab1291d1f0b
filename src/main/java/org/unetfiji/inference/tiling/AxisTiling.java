package org.unetfiji.inference.tiling;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Tiles along one spatial axis: where they start and how much each of their voxels counts.
 * <p>
 * Tiles start on the network's pooling grid: a U-Net is equivariant only to shifts by multiples of its size multiple
 * {@code m}, so a tile starting elsewhere predicts differently from the whole image (measured: up to 0.5 in
 * probability on EM images). The axis is therefore extended by mirroring to the next multiple of {@code m}, centred
 * as for an untiled run, and tiles at multiples of {@code m} cover it, spaced as evenly as that allows, the first
 * starting at the extended axis' start and the last ending at its end, neighbours overlapping by at least
 * {@code overlap}. An axis shorter than a tile gets one tile centred on it. Voxels outside the image are ignored.
 */
public final class AxisTiling implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Smallest Gaussian weight, relative to the centre's 1: keeps voxels seen only by tile edges defined. */
	static final float MIN_WEIGHT = 1e-3f;

	private final long size;
	private final int tile;
	private final long[] starts;
	private final Blend blend;

	/**
	 * @param size voxels along the axis, at least 1
	 * @param tile tile size along the axis, a multiple of {@code multiple}
	 * @param overlap smallest overlap of neighbouring tiles, {@code 0 <= overlap <= tile - multiple}
	 * @param multiple the network's size multiple along the axis
	 */
	public AxisTiling(long size, int tile, int overlap, int multiple, Blend blend) {
		if (size < 1 || multiple < 1 || tile < multiple || tile % multiple != 0) throw new IllegalArgumentException(
			"axis size " + size + " and tile " + tile + " must be positive, the tile a multiple of " + multiple);
		if (overlap < 0 || overlap > tile - multiple) throw new IllegalArgumentException(
			"overlap " + overlap + " must be at least 0 and at most the tile (" + tile + ") less " + multiple);
		this.size = size;
		this.tile = tile;
		this.blend = blend;
		long units = (size + multiple - 1) / multiple; // the extended axis, in multiples
		long first = -(units * multiple - size) / 2;
		int tileUnits = tile / multiple;
		if (units <= tileUnits) starts = new long[]{ -((tile - size) / 2) };
		else {
			int stepUnits = tileUnits - (overlap + multiple - 1) / multiple;
			int n = 1 + (int) ((units - tileUnits + stepUnits - 1) / stepUnits);
			starts = new long[n];
			for (int i = 0; i < n; i++)
				starts[i] = first + Math.round((double) i * (units - tileUnits) / (n - 1)) * multiple;
		}
	}

	public long size() {
		return size;
	}

	public int tile() {
		return tile;
	}

	/** Number of tiles along the axis. */
	public int count() {
		return starts.length;
	}

	/** First voxel of tile {@code i}; negative (padding) when the axis is shorter than the tile. */
	public long start(int i) {
		return starts[i];
	}

	/** End (exclusive) of the voxels of the image tile {@code i} contributes to. */
	public long end(int i) {
		return Math.min(size, starts[i] + tile);
	}

	/** Smallest overlap of two neighbouring tiles (0 for a single tile). */
	public int overlap() {
		int smallest = starts.length > 1 ? tile : 0;
		for (int i = 1; i < starts.length; i++)
			smallest = (int) Math.min(smallest, starts[i - 1] + tile - starts[i]);
		return smallest;
	}

	/** Weight of each voxel of tile {@code i}, indexed by the offset in the tile. */
	public float[] weights(int i) {
		float[] w = new float[tile];
		if (blend == Blend.GAUSSIAN) {
			double centre = (tile - 1) / 2.0;
			double sigma = tile / 8.0;
			for (int o = 0; o < tile; o++)
				w[o] = Math.max(MIN_WEIGHT, (float) Math.exp(-(o - centre) * (o - centre) / (2 * sigma * sigma)));
		}
		else {
			// keep the voxels nearer to this tile's centre than to its neighbours': the halves of the overlaps
			long from = i == 0 ? Long.MIN_VALUE : (starts[i - 1] + tile + starts[i]) / 2;
			long to = i == starts.length - 1 ? Long.MAX_VALUE : (starts[i] + tile + starts[i + 1]) / 2;
			for (int o = 0; o < tile; o++)
				w[o] = starts[i] + o >= from && starts[i] + o < to ? 1 : 0;
		}
		return w;
	}

	/** Sum of the weights of all tiles at every voxel of the axis. */
	public float[] weightSums() {
		float[] sums = new float[(int) size];
		for (int i = 0; i < starts.length; i++) {
			float[] w = weights(i);
			for (long x = Math.max(0, starts[i]); x < end(i); x++)
				sums[(int) x] += w[(int) (x - starts[i])];
		}
		return sums;
	}

	@Override
	public String toString() {
		return count() + " × " + tile + " at " + Arrays.toString(starts);
	}
}
