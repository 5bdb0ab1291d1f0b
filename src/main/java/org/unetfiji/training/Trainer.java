package org.unetfiji.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.inference.MirrorPadding;

/**
 * Trains a network on random tiles of annotated images with class-balanced softmax cross-entropy and random
 * flips. Each class gets the same total weight (inverse frequency over all annotated pixels), ignored pixels
 * none.
 */
public final class Trainer {

	/** Receives the loss of each step. */
	public interface Progress {
		void step(int step, int steps, float loss);
	}

	private final List<TrainingSample> samples = new ArrayList<>();
	private final TrainingSettings settings;
	private final int classes;
	private final float[] classWeights;

	/**
	 * @param samples annotated images, each at least as large as the tile after mirror padding
	 * @param classes number of classes of the network
	 */
	public Trainer(List<TrainingSample> samples, int classes, TrainingSettings settings) {
		if (samples.isEmpty()) throw new IllegalArgumentException("no training images");
		this.settings = settings;
		this.classes = classes;
		long[] counts = new long[classes];
		for (TrainingSample sample : samples) {
			if (sample.size().length != settings.tile().length) throw new IllegalArgumentException(sample.name() +
				" has " + sample.size().length + " spatial axes, the tile " + settings.tile().length);
			for (int c : sample.classes()) {
				if (c >= classes || c < TrainingSample.IGNORE) throw new IllegalArgumentException(sample.name() +
					" holds class " + c + ", the network has classes 0.." + (classes - 1));
				if (c >= 0) counts[c]++;
			}
			this.samples.add(padToTile(sample, settings.tile()));
		}
		long total = Arrays.stream(counts).sum();
		if (total == 0) throw new IllegalArgumentException("the annotations hold no labelled pixel");
		classWeights = new float[classes];
		int present = (int) Arrays.stream(counts).filter(n -> n > 0).count();
		for (int c = 0; c < classes; c++)
			classWeights[c] = counts[c] == 0 ? 0 : (float) ((double) total / (present * counts[c]));
	}

	/** Loss weight of each class (mean 1 over labelled pixels). */
	public float[] classWeights() {
		return classWeights.clone();
	}

	/**
	 * Runs the training steps.
	 *
	 * @return the loss of every step run
	 * @throws java.util.concurrent.CancellationException when {@code cancelled} becomes true (checked each step)
	 */
	public List<Float> train(Network network, Progress progress, BooleanSupplier cancelled) {
		Random random = new Random(settings.seed());
		List<Float> losses = new ArrayList<>();
		for (int step = 1; step <= settings.steps(); step++) {
			if (cancelled.getAsBoolean()) throw new java.util.concurrent.CancellationException(
				"training cancelled after " + (step - 1) + " steps");
			FloatTensor[] batch = batch(random);
			float loss = network.trainStep(batch[0], batch[1], batch[2], settings.learningRate());
			losses.add(loss);
			progress.step(step, settings.steps(), loss);
		}
		return losses;
	}

	/** Input, one-hot target and weights of a batch of random, randomly flipped tiles. */
	FloatTensor[] batch(Random random) {
		long[] tile = settings.tile();
		int spatial = tile.length;
		int channels = (int) samples.get(0).image().size(spatial);
		long tilePixels = Arrays.stream(tile).reduce(1, (a, b) -> a * b);
		int batch = settings.batch();
		FloatTensor input = FloatTensor.zeros(shape(batch, tile, channels));
		FloatTensor target = FloatTensor.zeros(shape(batch, tile, classes));
		FloatTensor weights = FloatTensor.zeros(shape(batch, tile, 0));
		int[] position = new int[spatial];
		for (int b = 0; b < batch; b++) {
			TrainingSample sample = samples.get(random.nextInt(samples.size()));
			long[] size = sample.size();
			long[] offset = new long[spatial];
			boolean[] flip = new boolean[spatial];
			for (int a = 0; a < spatial; a++) {
				offset[a] = random.nextInt((int) (size[a] - tile[a] + 1));
				flip[a] = random.nextBoolean();
			}
			for (long p = 0; p < tilePixels; p++) {
				long rest = p;
				for (int a = spatial - 1; a >= 0; a--) {
					position[a] = (int) (rest % tile[a]);
					rest /= tile[a];
				}
				long source = 0;
				for (int a = 0; a < spatial; a++) {
					long i = flip[a] ? tile[a] - 1 - position[a] : position[a];
					source = source * size[a] + offset[a] + i;
				}
				long out = b * tilePixels + p;
				System.arraycopy(sample.image().data(), (int) (source * channels), input.data(), (int) (out * channels),
					channels);
				int c = sample.classes()[(int) source];
				if (c >= 0) {
					target.data()[(int) (out * classes + c)] = 1;
					weights.data()[(int) out] = classWeights[c];
				}
			}
		}
		return new FloatTensor[] { input, target, weights };
	}

	private static long[] shape(int batch, long[] tile, int channels) {
		long[] shape = new long[tile.length + (channels > 0 ? 2 : 1)];
		shape[0] = batch;
		System.arraycopy(tile, 0, shape, 1, tile.length);
		if (channels > 0) shape[shape.length - 1] = channels;
		return shape;
	}

	/** Mirror-pads a sample smaller than the tile; its padding is ignored by the loss. */
	private static TrainingSample padToTile(TrainingSample sample, long[] tile) {
		long[] size = sample.size();
		long[] padded = new long[size.length];
		boolean needed = false;
		for (int a = 0; a < size.length; a++) {
			padded[a] = Math.max(size[a], tile[a]);
			needed |= padded[a] > size[a];
		}
		if (!needed) return sample;
		long[] before = new long[size.length];
		FloatTensor image = MirrorPadding.pad(sample.image(), before, padded);
		long[] classShape = Arrays.copyOf(size, size.length + 1);
		classShape[size.length] = 1;
		float[] classValues = new float[sample.classes().length];
		for (int i = 0; i < classValues.length; i++)
			classValues[i] = sample.classes()[i];
		FloatTensor classes = MirrorPadding.pad(new FloatTensor(classValues, classShape), before, padded);
		int[] paddedClasses = new int[classes.data().length];
		long paddedPixels = paddedClasses.length;
		int[] position = new int[size.length];
		for (long p = 0; p < paddedPixels; p++) {
			long rest = p;
			boolean inside = true;
			for (int a = size.length - 1; a >= 0; a--) {
				position[a] = (int) (rest % padded[a]);
				rest /= padded[a];
				inside &= position[a] < size[a];
			}
			paddedClasses[(int) p] = inside ? (int) classes.data()[(int) p] : TrainingSample.IGNORE;
		}
		return new TrainingSample(sample.name(), image, paddedClasses);
	}
}
