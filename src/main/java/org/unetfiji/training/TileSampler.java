package org.unetfiji.training;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.training.augmentation.AugmentationSettings;
import org.unetfiji.training.augmentation.TileAugmentation;
import org.unetfiji.training.augmentation.Volume;

/**
 * Cuts batches of augmented training tiles. Tile centres are drawn with each sample's sampling probability map
 * (over all samples together), so images with more annotation give more tiles and unannotated regions none.
 * A batch depends only on the seed and the step number, never on the thread that makes it or on earlier
 * batches: training is reproducible and resumes exactly.
 */
final class TileSampler {

	private final List<TrainingSample> samples;
	private final int classes;
	private final long[] tile;
	private final AugmentationSettings augmentation;
	private final long seed;
	/** Per sample, the cumulative sampling mass of its rows (runs along x). */
	private final double[][] rowMass;
	/** Cumulative sampling mass of the samples. */
	private final double[] sampleMass;

	TileSampler(List<TrainingSample> samples, int classes, long[] tile, AugmentationSettings augmentation, long seed) {
		this.samples = List.copyOf(samples);
		this.classes = classes;
		this.tile = tile.clone();
		this.augmentation = augmentation;
		this.seed = seed;
		rowMass = new double[samples.size()][];
		sampleMass = new double[samples.size()];
		double total = 0;
		for (int s = 0; s < samples.size(); s++) {
			TrainingSample sample = samples.get(s);
			if (sample.size().length != tile.length) throw new IllegalArgumentException(
				sample.name() + " has " + sample.size().length + " spatial axes, the tile " + tile.length);
			int width = (int) sample.size()[tile.length - 1];
			float[] p = sample.sampling();
			rowMass[s] = new double[p.length / width];
			double mass = 0;
			for (int row = 0; row < rowMass[s].length; row++) {
				for (int x = 0; x < width; x++)
					mass += p[row * width + x];
				rowMass[s][row] = mass;
			}
			total += mass;
			sampleMass[s] = total;
		}
		if (!(total > 0)) throw new IllegalArgumentException("the annotations hold no labelled pixel to train on");
	}

	/** The batch of a training step. */
	Batch batch(long step, int size) {
		int spatial = tile.length;
		int channels = samples.get(0).channels();
		int pixels = (int) Arrays.stream(tile).reduce(1, (a, b) -> a * b);
		FloatTensor input = FloatTensor.zeros(shape(size, channels));
		FloatTensor target = FloatTensor.zeros(shape(size, classes));
		FloatTensor weights = FloatTensor.zeros(shape(size, 0));
		for (int b = 0; b < size; b++) {
			Random random = new Random(seed * 1_000_003L + step * 8191L + b);
			int s = pick(sampleMass, random.nextDouble() * sampleMass[sampleMass.length - 1]);
			TrainingSample sample = samples.get(s);
			long[] corner = corner(sample, s, random, spatial);
			TileAugmentation augment = TileAugmentation.draw(augmentation, tile, sample.voxelSize(), random);
			Volume cut = augment.cut(sample.volume(), corner, TrainingSample.IGNORE);
			System.arraycopy(cut.image(), 0, input.data(), b * pixels * channels, pixels * channels);
			System.arraycopy(cut.weights(), 0, weights.data(), b * pixels, pixels);
			for (int p = 0; p < pixels; p++)
				if (cut.labels()[p] >= 0) target.data()[(b * pixels + p) * classes + cut.labels()[p]] = 1;
		}
		return new Batch(input, target, weights);
	}

	/** The first pixel of a tile centred on a randomly drawn pixel, kept inside images larger than the tile. */
	private long[] corner(TrainingSample sample, int s, Random random, int spatial) {
		double[] rows = rowMass[s];
		double start = s == 0 ? 0 : sampleMass[s - 1];
		double u = random.nextDouble() * (sampleMass[s] - start);
		int row = pick(rows, u);
		double rest = u - (row == 0 ? 0 : rows[row - 1]);
		long[] size = sample.size();
		int width = (int) size[spatial - 1];
		int x = 0;
		for (float[] p = sample.sampling(); x < width - 1 && (rest -= p[row * width + x]) >= 0; x++) {
		}
		long[] centre = new long[spatial];
		centre[spatial - 1] = x;
		long rowIndex = row;
		for (int a = spatial - 2; a >= 0; a--) {
			centre[a] = rowIndex % size[a];
			rowIndex /= size[a];
		}
		long[] corner = new long[spatial];
		for (int a = 0; a < spatial; a++) {
			corner[a] = centre[a] - (tile[a] - 1) / 2;
			corner[a] = size[a] >= tile[a] ? Math.max(0, Math.min(size[a] - tile[a], corner[a]))
				: (size[a] - tile[a]) / 2;
		}
		return corner;
	}

	/** The first index whose cumulative mass exceeds {@code u} (so never an entry without mass). */
	private static int pick(double[] cumulative, double u) {
		int lo = 0;
		int hi = cumulative.length - 1;
		while (hi > 0 && cumulative[hi] == cumulative[hi - 1])
			hi--;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (cumulative[mid] > u) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}

	private long[] shape(int batch, int channels) {
		long[] shape = new long[tile.length + (channels > 0 ? 2 : 1)];
		shape[0] = batch;
		System.arraycopy(tile, 0, shape, 1, tile.length);
		if (channels > 0) shape[shape.length - 1] = channels;
		return shape;
	}
}
