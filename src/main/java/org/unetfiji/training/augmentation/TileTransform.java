package org.unetfiji.training.augmentation;

/**
 * Where each pixel of an augmented tile comes from in its source image: an elastic displacement, then a linear map
 * (flips, 90° and free rotations), both in physical units so that anisotropic voxels are respected.
 * <p>
 * With the identity, tile pixel {@code p} reads source pixel {@code corner + p} exactly, where the corner is
 * the source position of the tile's first pixel.
 */
public final class TileTransform {

	private final long[] tile;
	private final double[] voxel;
	private final double[][] matrix;
	private final ElasticField elastic;

	/**
	 * @param tile tile size per axis ({@code [z,] y, x})
	 * @param voxel relative voxel size per axis
	 * @param matrix linear map from tile offsets to source offsets, physical units, {@code [row][column]}
	 * @param elastic displacement field, or null for none
	 */
	TileTransform(long[] tile, double[] voxel, double[][] matrix, ElasticField elastic) {
		this.tile = tile.clone();
		this.voxel = voxel.clone();
		this.matrix = matrix;
		this.elastic = elastic;
	}

	/** The identity: tiles are plain crops. */
	public static TileTransform identity(long[] tile) {
		double[] voxel = new double[tile.length];
		java.util.Arrays.fill(voxel, 1);
		return new TileTransform(tile, voxel, unit(tile.length), null);
	}

	static double[][] unit(int dims) {
		double[][] unit = new double[dims][dims];
		for (int a = 0; a < dims; a++)
			unit[a][a] = 1;
		return unit;
	}

	/** Tile size per axis. */
	public long[] tile() {
		return tile.clone();
	}

	/**
	 * The source position of a tile pixel.
	 *
	 * @param position tile pixel, per axis
	 * @param centre source position of the tile centre
	 * @param out receives the source position (pixel units)
	 */
	public void sourcePosition(int[] position, double[] centre, double[] out) {
		int dims = tile.length;
		double[] offset = new double[dims];
		for (int a = 0; a < dims; a++)
			offset[a] = (position[a] - (tile[a] - 1) / 2.0) * voxel[a];
		if (elastic != null) elastic.addDisplacement(position, offset);
		for (int r = 0; r < dims; r++) {
			double s = 0;
			for (int c = 0; c < dims; c++)
				s += matrix[r][c] * offset[c];
			out[r] = centre[r] + s / voxel[r];
		}
	}
}
