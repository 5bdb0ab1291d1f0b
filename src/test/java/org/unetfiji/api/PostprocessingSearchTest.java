package org.unetfiji.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.inference.postprocessing.Boundaries;
import org.unetfiji.inference.postprocessing.Components;
import org.unetfiji.inference.postprocessing.Threshold;
import org.unetfiji.inference.postprocessing.Watershed;
import org.unetfiji.network.NetworkConfig;
import org.unetfiji.training.TrainingSample;

import ij.IJ;
import ij.ImagePlus;

/**
 * The post-processing search on real GOWT1 annotations: a prediction that finds every nucleus but also specks of
 * debris (as the bundled nuclei model does) must get a smallest object size that drops the specks, chosen on the
 * validation sample alone.
 */
class PostprocessingSearchTest {

	private static final Path LABELS = Path.of("../shared/data/ctc-gowt1-nuclei-2d/train/labels/t01.tif");
	private static final int SIZE = 160;
	private static final List<String> CLASSES = List.of("background", "foreground");

	/** Stands in for a trained network: its foreground probability is the image's only channel. */
	private static final class ProbabilityImage implements Network {

		@Override
		public NetworkConfig config() {
			return NetworkConfig.isotropic(2, 1, 2, 2, 1, false);
		}

		@Override
		public FloatTensor predict(FloatTensor input) {
			float[] in = input.data();
			float[] out = new float[in.length * 2];
			for (int i = 0; i < in.length; i++) {
				out[2 * i] = 1 - in[i];
				out[2 * i + 1] = in[i];
			}
			long[] shape = input.shape().clone();
			shape[shape.length - 1] = 2;
			return new FloatTensor(out, shape);
		}

		@Override
		public void close() {}
	}

	/**
	 * A crop of real nuclei annotations, predicted at 0.9 inside the nuclei and 0.8 on 2 × 2 specks of debris; as
	 * class masks (no objects), with rows of 0.35 across the nuclei as a membrane network's faint false membranes.
	 */
	private static TrainingSample nucleiWithDebris(boolean objects) {
		ImagePlus labels = IJ.openImage(LABELS.toString());
		labels.setRoi(100, 100, SIZE, SIZE);
		ImagePlus crop = labels.crop();
		int[] instances = new int[SIZE * SIZE];
		int[] classes = new int[SIZE * SIZE];
		FloatTensor image = FloatTensor.zeros(SIZE, SIZE, 1);
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++) {
				int i = y * SIZE + x;
				instances[i] = (int) crop.getProcessor().getPixelValue(x, y);
				classes[i] = instances[i] > 0 ? 1 : 0;
				image.data()[i] = instances[i] > 0 ? 0.9f : 0.05f;
				// a class mask's prediction with faint false membranes across the cells, every 10th row
				if (!objects && instances[i] > 0 && y % 10 == 0) image.data()[i] = 0.35f;
			}
		for (int y = 3; y < SIZE - 2; y += 12)
			for (int x = 3; x < SIZE - 2; x += 12)
				if (instances[y * SIZE + x] == 0 && instances[(y + 1) * SIZE + x + 1] == 0)
					for (int dy = 0; dy < 2; dy++)
					for (int dx = 0; dx < 2; dx++)
					if (instances[(y + dy) * SIZE + x + dx] == 0) image.data()[(y + dy) * SIZE + x + dx] = 0.8f;
		float[] ones = new float[SIZE * SIZE];
		Arrays.fill(ones, 1);
		return new TrainingSample("t01.tif", image, classes, ones, ones, objects ? instances : null,
			new double[]{ 1, 1 });
	}

	@Test
	void choosesASmallestSizeThatDropsDebrisOnTheValidationImages() throws Exception {
		PostprocessingSearch.Choice choice = PostprocessingSearch.choose(new ProbabilityImage(),
			List.of(nucleiWithDebris(true)), CLASSES);
		assertTrue(choice.defaultScore() < 0.5, "the specks are false positives: " + choice);
		assertTrue(choice.score() > 0.95, "dropping them finds the nuclei alone: " + choice);
		assertTrue(choice.minSize() > 4, "" + choice);
		assertEquals(List.of("t01.tif"), choice.images());
		assertEquals(List.of(Threshold.KEY, Components.KEY), choice.steps().stream().map(s -> s.id()).toList());
		assertEquals(choice.minSize(), ((Number) choice.steps().get(1).kwargs().get(Components.MIN_SIZE)).longValue());
		assertTrue(
			choice.describe(new double[]{ 0.5, 0.5 }, true)
				.startsWith("post-processing chosen on 1 validation image(s): threshold "),
			choice.describe(new double[]{ 1, 1 }, true));
	}

	@Test
	void classMasksChooseTheThresholdByTheRandScoreOfTheCells() throws Exception {
		PostprocessingSearch.Choice choice = PostprocessingSearch.choose(new ProbabilityImage(),
			List.of(nucleiWithDebris(false)), CLASSES);
		assertEquals(PostprocessingSearch.RAND, choice.measure());
		assertEquals(0, choice.minSize());
		assertEquals(0.3, choice.threshold(), "a threshold below the false membranes keeps the cells whole: " + choice);
		assertTrue(choice.score() > 0.99 && choice.defaultScore() < 0.5, "" + choice);
		assertNull(PostprocessingSearch.choose(new ProbabilityImage(), List.of(), CLASSES), "no validation images");
	}

	@Test
	void choosesTheWatershedWhereTouchingNucleiMerge() throws Exception {
		// real HeLa annotations, nuclei close together: a prediction of 0.9 on every nucleus and up to 2 pixels
		// around it (as blurred network outputs are) joins neighbouring nuclei
		ImagePlus labels = IJ.openImage("../shared/data/ctc-hela-nuclei-2d/train/labels/t52.tif");
		int size = 300;
		labels.setRoi(200, 200, size, size);
		ImagePlus crop = labels.crop();
		int[] instances = new int[size * size];
		int[] classes = new int[size * size];
		FloatTensor image = FloatTensor.zeros(size, size, 1);
		for (int i = 0; i < instances.length; i++) {
			instances[i] = (int) crop.getProcessor().getPixelValue(i % size, i / size);
			classes[i] = instances[i] > 0 ? 1 : 0;
		}
		for (int i = 0; i < instances.length; i++) {
			boolean near = false;
			for (int dy = -2; dy <= 2; dy++)
				for (int dx = -2; dx <= 2; dx++) {
					int x = i % size + dx;
					int y = i / size + dy;
					near |= x >= 0 && y >= 0 && x < size && y < size && instances[y * size + x] > 0;
				}
			image.data()[i] = near ? 0.9f : 0.05f;
		}
		float[] ones = new float[size * size];
		Arrays.fill(ones, 1);
		TrainingSample sample = new TrainingSample("t52.tif", image, classes, ones, ones, instances,
			new double[]{ 1, 1 });
		PostprocessingSearch.Choice choice = PostprocessingSearch.choose(new ProbabilityImage(), List.of(sample),
			CLASSES);
		assertEquals(Watershed.KEY, choice.steps().get(1).id(), choice.describe(new double[0], true));
		assertTrue(choice.score() > choice.defaultScore() + 0.05, choice.describe(new double[0], true));
		assertTrue(choice.describe(new double[0], true).contains("watershed seed_distance "),
			choice.describe(new double[0], true));
	}

	@Test
	void boundaryModelsChooseTheBoundaryPartition() throws Exception {
		// a z slice of real dense ovule cell labels; the stand-in network predicts 0.9 on the voxels where the label
		// changes (and 0.1 elsewhere) as the boundary class of a 2-class (cell, boundary) model
		ImagePlus labels = IJ.openImage("../shared/data/ovules-cells-3d/train/labels/000.tif");
		labels.setSlice(32);
		int width = labels.getWidth();
		int height = labels.getHeight();
		int[] instances = new int[width * height];
		for (int i = 0; i < instances.length; i++)
			instances[i] = (int) labels.getProcessor().getPixelValue(i % width, i / width);
		int[] classes = new int[instances.length];
		FloatTensor image = FloatTensor.zeros(height, width, 1);
		for (int i = 0; i < instances.length; i++) {
			int x = i % width;
			int y = i / width;
			boolean edge = x + 1 < width && instances[i + 1] != instances[i] ||
				y + 1 < height && instances[i + width] != instances[i];
			classes[i] = edge ? 1 : 0;
			image.data()[i] = edge ? 0.9f : 0.1f;
			if (instances[i] <= 1) classes[i] = TrainingSample.IGNORE; // unlabelled (0) or background (1)
		}
		float[] ones = new float[instances.length];
		Arrays.fill(ones, 1);
		TrainingSample sample = new TrainingSample("000.tif", image, classes, ones, ones, instances,
			new double[]{ 1, 1 });
		PostprocessingSearch.Choice choice = PostprocessingSearch.choose(new ProbabilityImage(), List.of(sample),
			List.of("cell", "boundary"));
		String said = choice.describe(new double[0], true);
		assertEquals(List.of("argmax", Boundaries.KEY), choice.steps().stream().map(s -> s.id()).toList(), said);
		assertTrue(choice.score() > 0.8, said);
		assertTrue(said.contains("boundaries "), said);
	}

	@Test
	void threeClassModelsChooseTheWatershedFromInteriors() throws Exception {
		// real HeLa annotations as a 3-class (background, interior, boundary) prediction: interior 0.9 inside each
		// nucleus, boundary 0.9 on its edge and up to 2 pixels around it, where neighbouring nuclei join
		ImagePlus labels = IJ.openImage("../shared/data/ctc-hela-nuclei-2d/train/labels/t52.tif");
		int size = 300;
		labels.setRoi(200, 200, size, size);
		ImagePlus crop = labels.crop();
		int[] instances = new int[size * size];
		for (int i = 0; i < instances.length; i++)
			instances[i] = (int) crop.getProcessor().getPixelValue(i % size, i / size);
		int[] classes = new int[size * size];
		FloatTensor image = FloatTensor.zeros(size, size, 3);
		for (int i = 0; i < instances.length; i++) {
			boolean near = false;
			boolean edge = false;
			for (int dy = -2; dy <= 2; dy++)
				for (int dx = -2; dx <= 2; dx++) {
					int x = i % size + dx;
					int y = i / size + dy;
					boolean inside = x >= 0 && y >= 0 && x < size && y < size;
					near |= inside && instances[y * size + x] > 0;
					edge |= Math.abs(dx) + Math.abs(dy) == 1 && (!inside || instances[y * size + x] != instances[i]);
				}
			int label = instances[i] > 0 && !edge ? 1 : near ? 2 : 0;
			classes[i] = instances[i] > 0 ? 1 : 0;
			for (int c = 0; c < 3; c++)
				image.data()[3 * i + c] = c == label ? 0.9f : 0.05f;
		}
		float[] ones = new float[size * size];
		Arrays.fill(ones, 1);
		TrainingSample sample = new TrainingSample("t52.tif", image, classes, ones, ones, instances,
			new double[]{ 1, 1 });
		Network identity = new Network() {
			@Override
			public NetworkConfig config() {
				return NetworkConfig.isotropic(2, 3, 3, 2, 1, false);
			}

			@Override
			public FloatTensor predict(FloatTensor input) {
				return input;
			}

			@Override
			public void close() {}
		};
		PostprocessingSearch.Choice choice = PostprocessingSearch.choose(identity, List.of(sample),
			List.of("background", "interior", "boundary"));
		String said = choice.describe(new double[0], false);
		assertEquals(List.of("argmax", Watershed.KEY), choice.steps().stream().map(s -> s.id()).toList(), said);
		assertTrue(choice.score() > 0.9 && choice.score() > choice.defaultScore() + 0.3, said);
		assertTrue(said.contains("seeds cores"), said);
	}
}
