package org.unetfiji.training.augmentation;

import java.util.Random;

/**
 * A smooth random displacement field over a tile: Gaussian displacements at a coarse grid of control points
 * spanning the tile, interpolated with cubic B-splines (smooth everywhere, so the deformation never tears).
 */
final class ElasticField {

	private final int dims;
	private final int grid;
	private final long[] tile;
	/** Displacement of each control point along each axis, {@code [point][axis]}, in physical units. */
	private final double[][] displacements;

	/**
	 * @param tile tile size per axis
	 * @param grid control points per axis
	 * @param sigma standard deviation of each displacement component, in physical units
	 */
	ElasticField(long[] tile, int grid, double sigma, Random random) {
		this.dims = tile.length;
		this.grid = grid;
		this.tile = tile.clone();
		int points = (int) Math.pow(grid, dims);
		displacements = new double[points][dims];
		for (double[] d : displacements)
			for (int a = 0; a < dims; a++)
				d[a] = random.nextGaussian() * sigma;
	}

	/** Adds the displacement at tile position {@code position} to {@code out} (physical units). */
	void addDisplacement(int[] position, double[] out) {
		int[][] index = new int[dims][4];
		double[][] weight = new double[dims][4];
		for (int a = 0; a < dims; a++) {
			double t = tile[a] == 1 ? 0 : position[a] * (grid - 1.0) / (tile[a] - 1);
			int i = (int) Math.floor(t);
			double f = t - i;
			weight[a][0] = (1 - f) * (1 - f) * (1 - f) / 6;
			weight[a][1] = (3 * f * f * f - 6 * f * f + 4) / 6;
			weight[a][2] = (-3 * f * f * f + 3 * f * f + 3 * f + 1) / 6;
			weight[a][3] = f * f * f / 6;
			for (int k = 0; k < 4; k++)
				index[a][k] = Math.min(grid - 1, Math.max(0, i - 1 + k));
		}
		int combinations = 1 << (2 * dims);
		for (int c = 0; c < combinations; c++) {
			double w = 1;
			int point = 0;
			for (int a = 0; a < dims; a++) {
				int k = (c >> (2 * a)) & 3;
				w *= weight[a][k];
				point = point * grid + index[a][k];
			}
			double[] d = displacements[point];
			for (int a = 0; a < dims; a++)
				out[a] += w * d[a];
		}
	}
}
