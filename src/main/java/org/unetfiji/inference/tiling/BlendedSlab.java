package org.unetfiji.inference.tiling;

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
	private final long y0;
	private final long x0;
	private final int height;
	private final int width;
	private final int planeSize;
	private final float[][][] weights = new float[3][][];
	private final float[][] weightSums = new float[3][];
	private final Map<Long, float[]> planes = new HashMap<>();

	BlendedSlab(TilePlan plan, int classes) {
		this(plan, classes, new long[]{ 0, 0, 0 },
			new int[]{ (int) plan.axis(0).size(), (int) plan.axis(1).size(), (int) plan.axis(2).size() });
	}

	/** Blends only the box of {@code size} voxels {@code (z, y, x)} from {@code start}. */
	BlendedSlab(TilePlan plan, int classes, long[] start, int[] size) {
		this.plan = plan;
		this.zRange = new long[]{ start[0], start[0] + size[0] };
		this.y0 = start[1];
		this.x0 = start[2];
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
	 * Adds one tile's prediction.
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
		for (int z = 0; z < shape[0]; z++) {
			long planeZ = start[0] + z;
			if (planeZ < zRange[0] || planeZ >= zRange[1]) continue;
			float[] sums = planes.computeIfAbsent(planeZ, k -> new float[planeSize * classes]);
			for (int y = 0; y < shape[1]; y++) {
				long row = start[1] + y - y0;
				if (row < 0 || row >= height) continue;
				float wzy = wz[z] * wy[y];
				int source = offset + ((z * shape[1] + y) * shape[2] + first) * classes;
				int target = (int) (row * width + start[2] - x0) + first;
				for (int x = first; x < last; x++, target++) {
					float w = wzy * wx[x];
					for (int c = 0; c < classes; c++)
						sums[c * planeSize + target] += w * prediction[source++];
				}
			}
		}
	}

	/**
	 * Removes a finished plane and returns its blended probabilities.
	 *
	 * @return {@code [class][y * width + x]}
	 */
	float[][] finish(long z) {
		float[] sums = planes.remove(z);
		if (sums == null) throw new IllegalStateException("plane " + z + " received no tile");
		float[][] probabilities = new float[classes][planeSize];
		float wz = weightSums[0][(int) z];
		for (int y = 0, i = 0; y < height; y++) {
			float wzy = wz * weightSums[1][(int) (y0 + y)];
			for (int x = 0; x < width; x++, i++) {
				float total = wzy * weightSums[2][(int) (x0 + x)];
				for (int c = 0; c < classes; c++)
					probabilities[c][i] = sums[c * planeSize + i] / total;
			}
		}
		return probabilities;
	}
}
