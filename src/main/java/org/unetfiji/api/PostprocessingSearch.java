package org.unetfiji.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.inference.postprocessing.Components;
import org.unetfiji.inference.postprocessing.Postprocessing;
import org.unetfiji.inference.postprocessing.PostprocessingStep;
import org.unetfiji.inference.postprocessing.Threshold;
import org.unetfiji.io.Folders;
import org.unetfiji.metrics.DetectionScores;
import org.unetfiji.metrics.InstanceMetrics;
import org.unetfiji.model.Processing;
import org.unetfiji.training.TrainingSample;
import org.unetfiji.training.WholeImage;

import net.imglib2.img.array.ArrayImgs;

/**
 * Chooses a trained model's post-processing on its validation images only (never on test images): the foreground
 * threshold (two-class models) and the smallest object kept, whichever maximise the pooled instance F1 at IoU 0.5
 * of the post-processing chain that {@code segment} runs. Candidate sizes are fractions of the median annotated
 * object, so the search fits objects of any size; a candidate replaces the defaults only when it scores higher.
 */
final class PostprocessingSearch {

	static final double[] THRESHOLDS = { 0.5, 0.3, 0.4, 0.6, 0.7 };
	static final double[] SIZE_FRACTIONS = { 0, 0.05, 0.1, 0.2, 0.3, 0.5 };

	/**
	 * What was chosen.
	 *
	 * @param steps the chain to record in {@code config.unet.postprocessing}
	 * @param f1 its validation F1 at IoU 0.5
	 * @param defaultF1 the validation F1 of the default chain (argmax, all components)
	 * @param images the validation images that chose it
	 */
	record Choice(List<Processing> steps, double threshold, long minSize, double f1, double defaultF1,
		List<String> images) {

		/**
		 * As the training summary says it, with the smallest object in voxels and, where the model's element size
		 * ({@code [z,] y, x} µm) is known, in µm² or µm³.
		 */
		String describe(double[] elementSizeUm, boolean twoClasses) {
			double volume = Arrays.stream(elementSizeUm).reduce(1, (a, b) -> a * b);
			String calibrated = elementSizeUm.length == 0 ? ""
				: String.format(Locale.ROOT, " (%.4g %s)", minSize * volume, elementSizeUm.length == 3 ? "µm³" : "µm²");
			return String.format(Locale.ROOT,
				"post-processing chosen on %d validation image(s): %smin_size %d voxels%s, validation F1@0.5 %.3f " +
					"(%.3f with the defaults)",
				images.size(), twoClasses ? "threshold " + threshold + ", " : "", minSize, calibrated, f1, defaultF1);
		}

		/** As recorded beside the training settings. */
		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("chosen_on", images);
			map.put("validation_f1", Math.round(f1 * 1e4) / 1e4);
			map.put("validation_f1_defaults", Math.round(defaultF1 * 1e4) / 1e4);
			return map;
		}
	}

	private PostprocessingSearch() {}

	/**
	 * The best chain on the validation samples, or null when they have no annotated objects to score (class masks,
	 * or no validation images): the model then keeps the defaults.
	 */
	static Choice choose(Network network, List<TrainingSample> validation) throws IOException {
		List<TrainingSample> objects = validation.stream().filter(s -> s.instances() != null).toList();
		if (objects.isEmpty()) return null;
		List<FloatTensor> predictions = new ArrayList<>();
		for (TrainingSample sample : objects)
			predictions.add(WholeImage.predict(network, sample.image()));
		int classes = (int) predictions.get(0).size(predictions.get(0).rank() - 1);
		long median = medianObjectSize(objects);
		double[] thresholds = classes == 2 ? THRESHOLDS : new double[]{ Double.NaN };
		Path spool = Files.createTempDirectory("unet-postprocessing");
		try {
			double defaultF1 = f1(Postprocessing.defaults(), objects, predictions, spool);
			Choice best = null;
			for (double threshold : thresholds)
				for (double fraction : SIZE_FRACTIONS) {
					long minSize = Math.round(fraction * median);
					List<Processing> steps = new ArrayList<>();
					if (!Double.isNaN(threshold))
						steps.add(new Processing(Threshold.KEY, Map.of("threshold", threshold)));
					steps.add(new Processing(Components.KEY, Map.of(Components.MIN_SIZE, minSize)));
					Postprocessing chain = Postprocessing.of(steps);
					double f1 = f1(chain, objects, predictions, spool);
					if (best == null || f1 > best.f1()) best = new Choice(chain.steps(), threshold, minSize, f1,
						defaultF1, objects.stream().map(TrainingSample::name).toList());
				}
			return best;
		}
		finally {
			Folders.deleteTree(spool);
		}
	}

	/** The pooled F1 at IoU 0.5 of a chain over the samples, pixels without annotation left out. */
	private static double f1(Postprocessing chain, List<TrainingSample> samples, List<FloatTensor> predictions,
		Path spool) throws IOException
	{
		DetectionScores pooled = null;
		for (int i = 0; i < samples.size(); i++) {
			TrainingSample sample = samples.get(i);
			int[] predicted = instances(chain, predictions.get(i), spool);
			int[] truth = sample.instances().clone();
			for (int p = 0; p < truth.length; p++)
				if (sample.classes()[p] < 0) {
					truth[p] = 0;
					predicted[p] = 0;
				}
			long[] size = xyz(sample.size());
			DetectionScores scores = InstanceMetrics
				.compute(ArrayImgs.ints(truth, size), ArrayImgs.ints(predicted, size), 0.5).scores().get(0);
			pooled = pooled == null ? scores : pooled.plus(scores);
		}
		return pooled.f1();
	}

	/** The instances the chain finds in channels-last probabilities ({@code [z,] y, x, classes}), in C order. */
	static int[] instances(Postprocessing chain, FloatTensor probabilities, Path spool) throws IOException {
		int rank = probabilities.rank();
		int classes = (int) probabilities.size(rank - 1);
		int width = (int) probabilities.size(rank - 2);
		int height = (int) probabilities.size(rank - 3);
		int depth = rank == 4 ? (int) probabilities.size(0) : 1;
		int plane = width * height;
		float[] p = probabilities.data();
		int[] instances = new int[depth * plane];
		try (PostprocessingStep.Pass pass = chain.instances().start(width, height, spool)) {
			for (int z = 0; z < depth; z++) {
				float[][] planes = new float[classes][plane];
				for (int i = 0; i < plane; i++)
					for (int c = 0; c < classes; c++)
						planes[c][i] = p[(z * plane + i) * classes + c];
				pass.addPlane(chain.classes().classes(planes), planes);
			}
			pass.endFrame();
			pass.relabel((frame, z, values) -> System.arraycopy(values, 0, instances, z * plane, plane));
		}
		return instances;
	}

	/** The median size in voxels of the annotated objects. */
	private static long medianObjectSize(List<TrainingSample> samples) {
		Map<Long, Long> sizes = new LinkedHashMap<>();
		for (int s = 0; s < samples.size(); s++)
			for (int id : samples.get(s).instances())
				if (id > 0) sizes.merge((long) s << 32 | id, 1L, Long::sum);
		long[] sorted = sizes.values().stream().mapToLong(Long::longValue).sorted().toArray();
		return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
	}

	/** A C-order size ({@code [z,] y, x}) in ImgLib2's order (x first). */
	private static long[] xyz(long[] size) {
		long[] reversed = new long[size.length];
		for (int a = 0; a < size.length; a++)
			reversed[a] = size[size.length - 1 - a];
		return reversed;
	}
}
