package org.unetfiji.training.augmentation;

import java.util.Random;

import org.unetfiji.image.ops.MirrorPadding;

/**
 * The augmentation of one training tile, drawn at random from {@link AugmentationSettings}, and the cutting of
 * that tile out of a {@link Volume}: the image is read with linear interpolation (mirrored at the borders), labels
 * and weights with nearest-neighbour interpolation (so labels stay in the label set and weights move with the
 * image); pixels read from outside the source get the ignore label and weight 0.
 */
public record TileAugmentation(TileTransform spatial, IntensityCurve intensity) {

	/** Plain crops of the given tile size. */
	public static TileAugmentation identity(long[] tile) {
		return new TileAugmentation(TileTransform.identity(tile), IntensityCurve.IDENTITY);
	}

	/**
	 * Draws an augmentation; the same settings, tile, voxel size and random state give the same augmentation.
	 *
	 * @param tile tile size ({@code [z,] y, x})
	 * @param voxelSize voxel size per axis, any unit (only ratios matter)
	 */
	public static TileAugmentation draw(AugmentationSettings settings, long[] tile, double[] voxelSize, Random random) {
		int dims = tile.length;
		double[] voxel = new double[dims];
		for (int a = 0; a < dims; a++)
			voxel[a] = voxelSize[a] / voxelSize[dims - 1];
		double[][] matrix = TileTransform.unit(dims);
		int y = dims - 2;
		int x = dims - 1;
		if (settings.flips()) for (int a = 0; a < dims; a++)
			if (random.nextBoolean()) matrix[a][a] = -1;
		if (settings.rotations90() && voxel[y] == voxel[x]) {
			int quarter = random.nextInt(4);
			double cos = quarter == 0 ? 1 : quarter == 2 ? -1 : 0;
			double sin = quarter == 1 ? 1 : quarter == 3 ? -1 : 0;
			matrix = rotateYX(matrix, cos, sin);
		}
		if (settings.rotationDegrees() > 0) {
			double angle = Math.toRadians((2 * random.nextDouble() - 1) * settings.rotationDegrees());
			matrix = rotateYX(matrix, Math.cos(angle), Math.sin(angle));
		}
		ElasticField elastic = settings.elastic() > 0
			? new ElasticField(tile, settings.elasticGrid(), settings.elastic(), random) : null;
		double gamma = Math.exp((2 * random.nextDouble() - 1) * settings.gamma());
		double scale = 1 + (2 * random.nextDouble() - 1) * settings.contrast();
		double shift = (2 * random.nextDouble() - 1) * settings.contrast();
		IntensityCurve intensity = new IntensityCurve(gamma, scale, shift, settings.noise(), random.nextLong());
		return new TileAugmentation(new TileTransform(tile, voxel, matrix, elastic), intensity);
	}

	/** {@code rotation · matrix}, the rotation acting in the y-x plane (the last two axes). */
	private static double[][] rotateYX(double[][] matrix, double cos, double sin) {
		int dims = matrix.length;
		double[][] rotation = TileTransform.unit(dims);
		rotation[dims - 2][dims - 2] = cos;
		rotation[dims - 2][dims - 1] = -sin;
		rotation[dims - 1][dims - 2] = sin;
		rotation[dims - 1][dims - 1] = cos;
		double[][] product = new double[dims][dims];
		for (int r = 0; r < dims; r++)
			for (int c = 0; c < dims; c++)
				for (int k = 0; k < dims; k++)
					product[r][c] += rotation[r][k] * matrix[k][c];
		return product;
	}

	/**
	 * Cuts the augmented tile whose first pixel, without augmentation, would be source pixel {@code corner}.
	 *
	 * @param ignoreLabel label given to pixels read from outside the source
	 */
	public Volume cut(Volume source, long[] corner, int ignoreLabel) {
		long[] tile = spatial.tile();
		int dims = tile.length;
		int channels = source.channels();
		long[] size = source.size();
		Volume out = Volume.empty(tile, channels);
		double[] centre = new double[dims];
		for (int a = 0; a < dims; a++)
			centre[a] = corner[a] + (tile[a] - 1) / 2.0;
		int[] position = new int[dims];
		double[] at = new double[dims];
		int[] floor = new int[dims];
		double[] fraction = new double[dims];
		for (int p = 0; p < out.pixels(); p++) {
			spatial.sourcePosition(position, centre, at);
			int nearest = 0;
			boolean inside = true;
			for (int a = 0; a < dims; a++) {
				long n = Math.round(at[a]);
				inside &= n >= 0 && n < size[a];
				nearest = (int) (nearest * size[a] + n);
				floor[a] = (int) Math.floor(at[a]);
				fraction[a] = at[a] - floor[a];
			}
			out.labels()[p] = inside ? source.labels()[nearest] : ignoreLabel;
			out.weights()[p] = inside ? source.weights()[nearest] : 0;
			interpolate(source, floor, fraction, out.image(), p * channels);
			for (int a = dims - 1; a >= 0 && ++position[a] == tile[a]; a--)
				position[a] = 0;
		}
		intensity.apply(out.image());
		return out;
	}

	/** Multilinear interpolation of all channels, mirrored at the borders. */
	private static void interpolate(Volume source, int[] floor, double[] fraction, float[] out, int offset) {
		int dims = floor.length;
		int channels = source.channels();
		long[] size = source.size();
		for (int corner = 0; corner < 1 << dims; corner++) {
			double w = 1;
			long index = 0;
			for (int a = 0; a < dims; a++) {
				int up = (corner >> (dims - 1 - a)) & 1;
				w *= up == 1 ? fraction[a] : 1 - fraction[a];
				index = index * size[a] + MirrorPadding.reflect(floor[a] + up, size[a]);
			}
			if (w == 0) continue;
			for (int c = 0; c < channels; c++)
				out[offset + c] += (float) (w * source.image()[(int) (index * channels + c)]);
		}
	}
}
