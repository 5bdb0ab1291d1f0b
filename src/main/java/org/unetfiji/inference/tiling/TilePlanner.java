package org.unetfiji.inference.tiling;

import org.unetfiji.network.MemoryEstimate;
import org.unetfiji.network.NetworkConfig;

/**
 * Chooses tile size, overlap and batch for a frame.
 * <ul>
 * <li>Tile {@code auto}: the largest size, a multiple of the network's size multiple along each axis and growing
 * alike along all axes, whose activations ({@link NetworkConfig#memoryEstimate()}) fit the engine budget; never
 * larger than the (padded) image, and in 3D no deeper than the z slab the buffer budget can hold; then shrunk to
 * the smallest size that needs no more tiles.</li>
 * <li>Overlap {@code auto}: a quarter of the receptive field per axis, at most half a tile. Gaussian blending gives
 * tile borders little weight, so this is enough for seamless results (see the tiled-versus-untiled tests) at a
 * modest cost, e.g. 50 px and 1.2× the work for 512 px tiles of a depth-4 2D U-Net.</li>
 * <li>Batch {@code auto}: as many tiles per engine call as the engine budget holds, at most {@value #MAX_AUTO_BATCH}.
 * </li>
 * </ul>
 */
public final class TilePlanner {

	/** Most tiles per engine call chosen automatically: more hardly helps throughput. */
	static final int MAX_AUTO_BATCH = 4;

	private TilePlanner() {}

	/**
	 * @param size frame size {@code (z, y, x)}; {@code z = 1} for a 2D network
	 * @throws IllegalArgumentException with a one-line message for settings the network cannot take
	 */
	public static TilePlan plan(long[] size, NetworkConfig config, TileSettings settings, MemoryBudget budget) {
		int dims = config.dims();
		if (dims == 2 && size[0] != 1) throw new IllegalArgumentException("a 2D network segments one plane at a time");
		int[] multiple = threeAxes(config.sizeMultiple(), dims);
		int[] field = threeAxes(config.receptiveField(), dims);
		long[] padded = new long[3];
		for (int a = 0; a < 3; a++)
			padded[a] = Math.max(1, (size[a] + multiple[a] - 1) / multiple[a]) * multiple[a];
		int[] tile;
		if (settings.untiled()) tile = toInts(padded);
		else if (settings.tile() != null) tile = fixedTile(settings.tile(), config, padded);
		else tile = autoTile(config, multiple, padded, maxSlabDepth(size, config, budget, multiple[0]), budget);
		long tileHeapBytes = heapBytes(config, (long) tile[0] * tile[1] * tile[2]);
		AxisTiling[] axes = new AxisTiling[3];
		int[] overlap = settings.overlap() == null ? null
			: threeAxes(TileSettings.perAxis("overlap", settings.overlap(), dims), dims);
		for (int a = 0; a < 3; a++) {
			int o = settings.untiled() || a < 3 - dims ? 0
				: overlap == null ? Math.min((field[a] + 3) / 4, tile[a] / 2) : overlap[a];
			if (overlap != null && o > tile[a] - multiple[a] && size[a] > tile[a]) throw new IllegalArgumentException(
				"overlap=" + TileSettings.join(settings.overlap()) + " must be at most the tile less " + multiple[a] +
					" (" + (tile[a] - multiple[a]) + " along " + "zyx".charAt(a) + ")");
			o = Math.min(o, tile[a] - multiple[a]);
			if (settings.tile() == null) tile[a] = evenTile(padded[a], tile[a], o, multiple[a]);
			axes[a] = new AxisTiling(size[a], tile[a], o, multiple[a], settings.blend());
		}
		long tiles = (long) axes[0].count() * axes[1].count() * axes[2].count();
		long tileBytes = config.memoryEstimate().peakBytes((long) tile[0] * tile[1] * tile[2]);
		long batch = settings.batch() > 0 ? settings.batch()
			: Math.min(MAX_AUTO_BATCH, Math.min(budget.engineBytes() / Math.max(1, tileBytes),
				heapForBatches(budget) / (TiledPredictor.BATCHES_IN_FLIGHT * tileHeapBytes)));
		return new TilePlan(dims, axes, (int) Math.max(1, Math.min(batch, tiles)), settings.blend());
	}

	/**
	 * The smallest tile (a multiple of {@code multiple}) that covers the axis with as few tiles as {@code tile} does:
	 * 2 tiles of 2080 rather than of 3696 for 4096 px, so no work is spent on needless overlap.
	 */
	private static int evenTile(long padded, int tile, int overlap, int multiple) {
		if (tile >= padded) return tile;
		long units = padded / multiple;
		int overlapUnits = (overlap + multiple - 1) / multiple;
		int tileUnits = tile / multiple;
		long n = 1 + (units - tileUnits + tileUnits - overlapUnits - 1) / (tileUnits - overlapUnits);
		long even = (units + (n - 1) * overlapUnits + n - 1) / n;
		return (int) Math.min(tile, even * multiple);
	}

	private static int[] fixedTile(int[] requested, NetworkConfig config, long[] padded) {
		int dims = config.dims();
		int[] perAxis = TileSettings.perAxis("tile", requested, dims);
		long[] spatial = new long[dims];
		for (int a = 0; a < dims; a++)
			spatial[a] = perAxis[a];
		try {
			config.checkInputSize(spatial);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("tile=" + TileSettings.join(requested) + ": " + e.getMessage());
		}
		int[] tile = threeAxes(perAxis, dims);
		for (int a = 0; a < 3; a++)
			tile[a] = (int) Math.min(tile[a], padded[a]); // a tile larger than the image only costs time
		return tile;
	}

	/**
	 * The largest tile growing alike along all axes whose activations fit the engine budget and whose batches in
	 * flight (one tile each) fit the heap left beside the slabs.
	 */
	private static int[] autoTile(NetworkConfig config, int[] multiple, long[] padded, long maxDepth,
		MemoryBudget budget)
	{
		MemoryEstimate estimate = config.memoryEstimate();
		long longest = Math.max(padded[0], Math.max(padded[1], padded[2]));
		int[] best = candidate(multiple, multiple, padded, maxDepth);
		for (long side = 1; side <= longest; side++) {
			int[] tile = candidate(new int[]{ (int) side, (int) side, (int) side }, multiple, padded, maxDepth);
			long voxels = (long) tile[0] * tile[1] * tile[2];
			if (estimate.peakBytes(voxels) > budget.engineBytes() ||
				TiledPredictor.BATCHES_IN_FLIGHT * heapBytes(config, voxels) > heapForBatches(budget)) break;
			best = tile;
		}
		return best;
	}

	private static int[] candidate(int[] side, int[] multiple, long[] padded, long maxDepth) {
		int[] tile = new int[3];
		for (int a = 0; a < 3; a++)
			tile[a] = (int) Math.min(a == 0 ? Math.min(padded[0], maxDepth) : padded[a],
				Math.max(multiple[a], side[a] / multiple[a] * multiple[a]));
		return tile;
	}

	/**
	 * Deepest tile (along z) whose slabs fit half the buffer budget: about two tile depths of planes are held, each
	 * with the normalised input and the blended class sums as floats.
	 */
	private static long maxSlabDepth(long[] size, NetworkConfig config, MemoryBudget budget, int multiple) {
		long planeBytes = heapBytes(config, size[1] * size[2]);
		long depth = budget.bufferBytes() / 2 / (2 * planeBytes) / multiple * multiple;
		return Math.max(multiple, depth);
	}

	/** The other half of the buffer budget: for the tiles of the batches in flight. */
	private static long heapForBatches(MemoryBudget budget) {
		return budget.bufferBytes() / 2;
	}

	/** Java heap for the input channels and the class values of {@code voxels} voxels, as floats. */
	private static long heapBytes(NetworkConfig config, long voxels) {
		return voxels * (config.inputChannels() + config.classes()) * Float.BYTES;
	}

	/** Values for {@code (z, y, x)}: a 3D network's as they are, a 2D network's {@code (y, x)} with z = 1. */
	private static int[] threeAxes(int[] values, int dims) {
		return dims == 3 ? values.clone() : new int[]{ 1, values[0], values[1] };
	}

	private static int[] toInts(long[] values) {
		int[] ints = new int[values.length];
		for (int a = 0; a < values.length; a++)
			ints[a] = Math.toIntExact(values[a]);
		return ints;
	}
}
