package org.unetfiji.inference.tiling;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.unetfiji.inference.tiling.TilePlan.Tile;

/**
 * Blends tile predictions: accumulates {@code Σ w·p} in float for the planes tiles are still adding to, and hands out
 * each plane divided by {@code Σ w} once it is finished. The weights of a tile are the product of its per-axis
 * weights, and the tiles form a grid, so {@code Σ w} is the product of the per-axis sums and needs no buffer. Planes
 * may be restricted to a window in y and x (a block of a larger frame): each voxel then gets the same sums, in the same
 * order, as when the whole frame is blended.
 */
final class BlendedSlab {

	private final TilePlan plan;
	private final int classes;
	private final long[] zRange;
	private final int y0;
	private final int x0;
	private final int height;
	private final int width;
	private final int planeSize;
	private final float[][][] weights = new float[3][][];
	private final float[][] weightSums = new float[3][];
	private final Map<Long, float[][]> planes = new HashMap<>();
	/** Planes handed out, kept for the next plane to reuse instead of allocating. */
	private final ArrayDeque<float[][]> spare = new ArrayDeque<>();

	BlendedSlab(TilePlan plan, int classes) {
		this(plan, classes, new long[]{ 0, 0, 0 },
			new int[]{ (int) plan.axis(0).size(), (int) plan.axis(1).size(), (int) plan.axis(2).size() });
	}

	/** Blends only the box of {@code size} voxels {@code (z, y, x)} from {@code start}. */
	BlendedSlab(TilePlan plan, int classes, long[] start, int[] size) {
		this.plan = plan;
		this.zRange = new long[]{ start[0], start[0] + size[0] };
		this.y0 = Math.toIntExact(start[1]);
		this.x0 = Math.toIntExact(start[2]);
		this.height = size[1];
		this.width = size[2];
		this.classes = classes;
		this.planeSize = Math.multiplyExact(height, width);
		for (int a = 0; a < 3; a++) {
			AxisTiling axis = plan.axis(a);
			weights[a] = new float[axis.count()][];
			for (int i = 0; i < axis.count(); i++)
				weights[a][i] = axis.weights(i);
			weightSums[a] = axis.weightSums();
		}
	}

	/** First plane blended. */
	long start() {
		return zRange[0];
	}

	/** End (exclusive) of the planes blended. */
	long end() {
		return zRange[1];
	}

	/**
	 * Adds one tile's prediction. Each sum receives {@code (wz·wy)·wx · p} in tile order, as before the loops were
	 * ordered for speed (class outside, x inside), so results stay bit for bit the same.
	 *
	 * @param prediction channels-last {@code (z, y, x, classes)} values of the tile, starting at {@code offset}
	 */
	void add(Tile tile, float[] prediction, int offset) {
		int[] shape = plan.tileShape();
		long[] start = tile.start();
		float[] wz = weights[0][tile.index()[0]];
		float[] wy = weights[1][tile.index()[1]];
		float[] wx = weights[2][tile.index()[2]];
		int first = (int) Math.max(0, x0 - start[2]);
		int last = (int) Math.min(shape[2], x0 + width - start[2]);
		int shift = (int) (start[2] - x0);
		float[][][] slices = new float[shape[0]][][];
		for (int z = 0; z < shape[0]; z++) {
			long planeZ = start[0] + z;
			if (planeZ >= zRange[0] && planeZ < zRange[1])
				slices[z] = planes.computeIfAbsent(planeZ, k -> emptyPlane());
		}
		// planes are independent, and within a plane rows: each sum still receives its terms in tile order
		int rows = shape[0] * shape[1];
		Parallel.forEach(rows, (long) rows * shape[2] * classes, zy -> {
			int z = zy / shape[1];
			int y = zy % shape[1];
			long row = start[1] + y - y0;
			if (slices[z] == null || row < 0 || row >= height) return;
			float wzy = wz[z] * wy[y];
			int source = offset + zy * shape[2] * classes;
			int target = (int) row * width + shift;
			for (int c = 0; c < classes; c++) {
				float[] sum = slices[z][c];
				int from = source + c;
				for (int x = first; x < last; x++)
					sum[target + x] += wzy * wx[x] * prediction[from + x * classes];
			}
		});
	}

	/**
	 * Removes a finished plane and returns its blended probabilities.
	 *
	 * @return {@code [class][y * width + x]}, new arrays the caller may keep
	 */
	float[][] finish(long z) {
		float[][] sums = planes.remove(z);
		if (sums == null) throw new IllegalStateException("plane " + z + " received no tile");
		float[][] probabilities = new float[classes][planeSize];
		float wz = weightSums[0][(int) z];
		float[] wx = weightSums[2];
		Parallel.forEach(height, (long) planeSize * classes, y -> {
			int i = y * width;
			float wzy = wz * weightSums[1][y0 + y];
			for (int c = 0; c < classes; c++) {
				float[] sum = sums[c];
				float[] out = probabilities[c];
				for (int x = 0; x < width; x++)
					out[i + x] = sum[i + x] / (wzy * wx[x0 + x]);
			}
		});
		spare.push(sums);
		return probabilities;
	}

	private float[][] emptyPlane() {
		float[][] plane = spare.poll();
		if (plane == null) return new float[classes][planeSize];
		for (float[] sum : plane)
			Arrays.fill(sum, 0);
		return plane;
	}
}
