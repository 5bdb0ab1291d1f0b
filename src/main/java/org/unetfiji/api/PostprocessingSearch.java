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
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.inference.postprocessing.Boundaries;
import org.unetfiji.inference.postprocessing.Components;
import org.unetfiji.inference.postprocessing.Postprocessing;
import org.unetfiji.inference.postprocessing.PostprocessingStep;
import org.unetfiji.inference.postprocessing.Threshold;
import org.unetfiji.inference.postprocessing.Watershed;
import org.unetfiji.io.Folders;
import org.unetfiji.metrics.DetectionScores;
import org.unetfiji.metrics.InstanceMetrics;
import org.unetfiji.metrics.MembraneMetrics;
import org.unetfiji.model.Processing;
import org.unetfiji.training.TrainingSample;
import org.unetfiji.training.WholeImage;

import net.imglib2.img.array.ArrayImgs;

/**
 * Chooses a trained model's post-processing on its validation images only (never on test images): the foreground
 * threshold (two-class models) and the smallest object kept, whichever maximise the pooled instance F1 at IoU 0.5
 * of the post-processing chain that {@code segment} runs. Candidate sizes are fractions of the median annotated
 * object (at most 30 %, so that small real objects of unseen images survive a choice made on few validation
 * images), so the search fits objects of any size; a candidate replaces the defaults only when it scores higher.
 * Models trained on class masks (membranes: 0 = membrane, 1 = cell) choose the threshold by the mean
 * foreground-restricted Rand score of the cells, the ISBI 2012 membrane score.
 * <p>
 * With annotated objects, the watershed competes with the connected components: for 2-class models, the
 * {@code watershed} step seeded at distance-transform maxima {@link #SEED_FRACTIONS} of the median object's radius
 * apart, with seed prominences {@link #SEED_PROMINENCES} (at the threshold the components chose); for models whose last class is named {@value #BOUNDARY} with 3 or
 * more classes (0 background, 1 interior, 2 boundary), the {@code watershed} seeded at interiors more probable
 * than {@link #SEED_THRESHOLDS}; with 2 classes (0 cell, 1 boundary; dense labels), the {@code boundaries} partition
 * with those seed distances and agglomeration thresholds {@link #MERGE_THRESHOLDS}. Each with the size fractions.
 */
final class PostprocessingSearch {

	static final double[] THRESHOLDS = { 0.5, 0.3, 0.4, 0.6, 0.7 };
	static final double[] SIZE_FRACTIONS = { 0, 0.02, 0.05, 0.1, 0.2, 0.3 };
	static final double[] SEED_FRACTIONS = { 0.3, 0.5, 0.7 };
	static final double[] SEED_PROMINENCES = { 0, 0.2, 0.4 };
	static final double[] SEED_THRESHOLDS = { 0.5, 0.7, 0.9 };
	static final double[] MERGE_THRESHOLDS = { 0.3, 0.4, 0.5, 0.6 };
	/** The name of a model's last class that says its output is a boundary map. */
	static final String BOUNDARY = "boundary";
	static final String F1 = "F1@0.5";
	static final String RAND = "Rand score";

	/**
	 * What was chosen.
	 *
	 * @param steps the chain to record in {@code config.unet.postprocessing}
	 * @param score its validation score
	 * @param defaultScore the validation score of the default chain (argmax, all components)
	 * @param measure what the scores are: {@value #F1} or {@value #RAND}
	 * @param images the validation images that chose it
	 */
	record Choice(List<Processing> steps, double threshold, long minSize, double score, double defaultScore,
		String measure, List<String> images) {

		/**
		 * As the training summary says it, with the smallest object in voxels and, where the model's element size
		 * ({@code [z,] y, x} µm) is known, in µm² or µm³.
		 */
		String describe(double[] elementSizeUm, boolean twoClasses) {
			double volume = Arrays.stream(elementSizeUm).reduce(1, (a, b) -> a * b);
			String calibrated = elementSizeUm.length == 0 ? ""
				: String.format(Locale.ROOT, " (%.4g %s)", minSize * volume, elementSizeUm.length == 3 ? "µm³" : "µm²");
			Processing instances = steps.get(steps.size() - 1);
			String method = instances.id().equals(Components.KEY) ? ""
				: instances.id() + " " +
					new TreeMap<>(instances.kwargs()).entrySet().stream()
						.filter(e -> !e.getKey().equals(Components.MIN_SIZE) &&
							!e.getValue().equals(Postprocessing.defaults(instances.id()).get(e.getKey())))
						.map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) +
					", ";
			return String.format(Locale.ROOT,
				"post-processing chosen on %d validation image(s): %s%smin_size %d voxels%s, validation %s %.3f " +
					"(%.3f with the defaults)",
				images.size(), twoClasses && !Double.isNaN(threshold) ? "threshold " + threshold + ", " : "", method,
				minSize, calibrated, measure, score, defaultScore);
		}

		/** As recorded beside the training settings. */
		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("chosen_on", images);
			map.put("measure", measure);
			map.put("validation_score", Math.round(score * 1e4) / 1e4);
			map.put("validation_score_defaults", Math.round(defaultScore * 1e4) / 1e4);
			return map;
		}
	}

	private PostprocessingSearch() {}

	/**
	 * The best chain on the validation samples, or null when there is nothing to choose on (no validation images,
	 * or class masks of a model with more than 2 classes): the model then keeps the defaults.
	 *
	 * @param classNames the model's classes; a last one named {@value #BOUNDARY} makes it a boundary model
	 */
	static Choice choose(Network network, List<TrainingSample> validation, List<String> classNames) throws IOException {
		if (validation.isEmpty()) return null;
		List<FloatTensor> predictions = new ArrayList<>();
		for (TrainingSample sample : validation)
			predictions.add(WholeImage.predict(network, sample.image()));
		int classes = (int) predictions.get(0).size(predictions.get(0).rank() - 1);
		boolean objects = validation.stream().allMatch(s -> s.instances() != null);
		if (!objects && classes != 2) return null;
		boolean boundaryModel = classNames.size() == classes && classNames.size() >= 2 &&
			classNames.get(classes - 1).equalsIgnoreCase(BOUNDARY);
		long median = objects ? medianObjectSize(validation) : 0;
		double[] fractions = objects ? SIZE_FRACTIONS : new double[]{ 0 };
		Search search = new Search(validation, predictions, objects, Files.createTempDirectory("unet-postprocessing"));
		try {
			if (!(boundaryModel && classes == 2)) {
				double[] thresholds = classes == 2 ? THRESHOLDS : new double[]{ Double.NaN };
				for (double threshold : thresholds)
					for (double fraction : fractions)
						search.consider(threshold, Math.round(fraction * median), Components.KEY, Map.of());
			}
			if (!objects) return search.best;
			double radius = validation.get(0).voxelSize().length == 3 ? Math.cbrt(3 * median / (4 * Math.PI))
				: Math.sqrt(median / Math.PI);
			double threshold = search.best == null ? Double.NaN : search.best.threshold();
			for (double fraction : fractions) {
				long minSize = Math.round(fraction * median);
				if (boundaryModel && classes == 2) {
					for (double seed : SEED_FRACTIONS)
						for (double merge : MERGE_THRESHOLDS)
							search.consider(Double.NaN, minSize, Boundaries.KEY, Map.of(Watershed.SEED_DISTANCE,
								rounded(seed * radius), Watershed.MERGE_THRESHOLD, merge));
				}
				else if (classes >= 3) {
					for (double seed : SEED_THRESHOLDS)
						search.consider(threshold, minSize, Watershed.KEY,
							Map.of(Watershed.SEEDS, "cores", Watershed.SEED_THRESHOLD, seed));
				}
				else for (double seed : SEED_FRACTIONS)
					for (double prominence : SEED_PROMINENCES)
						search.consider(threshold, minSize, Watershed.KEY, Map.of(Watershed.SEEDS, "distance",
							Watershed.SEED_DISTANCE, rounded(seed * radius), Watershed.SEED_PROMINENCE, prominence));
			}
			return search.best;
		}
		finally {
			Folders.deleteTree(search.spool);
		}
	}

	/** The candidates scored so far and the best of them. */
	private static final class Search {
		private final List<TrainingSample> samples;
		private final List<FloatTensor> predictions;
		private final boolean objects;
		private final Path spool;
		private final double defaultScore;
		private final List<String> names;
		private Choice best;

		Search(List<TrainingSample> samples, List<FloatTensor> predictions, boolean objects, Path spool)
			throws IOException
		{
			this.samples = samples;
			this.predictions = predictions;
			this.objects = objects;
			this.spool = spool;
			this.names = samples.stream().map(TrainingSample::name).toList();
			this.defaultScore = score(Postprocessing.defaults(), objects, samples, predictions, spool);
		}

		/** Scores a chain: a threshold step unless {@code threshold} is NaN, then the instance step. */
		void consider(double threshold, long minSize, String instances, Map<String, Object> parameters)
			throws IOException
		{
			List<Processing> steps = new ArrayList<>();
			if (!Double.isNaN(threshold)) steps.add(new Processing(Threshold.KEY, Map.of("threshold", threshold)));
			Map<String, Object> kwargs = new LinkedHashMap<>(parameters);
			kwargs.put(Components.MIN_SIZE, minSize);
			steps.add(new Processing(instances, kwargs));
			Postprocessing chain = Postprocessing.of(steps);
			double score = score(chain, objects, samples, predictions, spool);
			if (best == null || score > best.score())
				best = new Choice(chain.steps(), threshold, minSize, score, defaultScore, objects ? F1 : RAND, names);
		}
	}

	/** A seed distance in pixels, to 0.1, at least 1. */
	private static double rounded(double distance) {
		return Math.max(1, Math.round(distance * 10) / 10.0);
	}

	private static double score(Postprocessing chain, boolean objects, List<TrainingSample> samples,
		List<FloatTensor> predictions, Path spool) throws IOException
	{
		return objects ? f1(chain, samples, predictions, spool) : randScore(chain, samples, predictions);
	}

	/** The mean Rand score of the cells (class 1) of a chain's labels, pixels without annotation left out. */
	private static double randScore(Postprocessing chain, List<TrainingSample> samples, List<FloatTensor> predictions) {
		double sum = 0;
		for (int i = 0; i < samples.size(); i++) {
			TrainingSample sample = samples.get(i);
			FloatTensor probabilities = predictions.get(i);
			int classes = (int) probabilities.size(probabilities.rank() - 1);
			float[][] planes = new float[classes][sample.classes().length];
			for (int p = 0; p < sample.classes().length; p++)
				for (int c = 0; c < classes; c++)
					planes[c][p] = probabilities.data()[p * classes + c];
			int[] predicted = chain.classes().classes(planes);
			int[] truth = new int[predicted.length];
			for (int p = 0; p < truth.length; p++) {
				truth[p] = sample.classes()[p] > 0 ? 1 : 0;
				if (sample.classes()[p] < 0) predicted[p] = 0;
			}
			long[] size = xyz(sample.size());
			sum += MembraneMetrics.compute(ArrayImgs.ints(truth, size), ArrayImgs.ints(predicted, size)).randScore();
		}
		return sum / samples.size();
	}

	/** The pooled F1 at IoU 0.5 of a chain over the samples, pixels without annotation left out. */
	private static double f1(Postprocessing chain, List<TrainingSample> samples, List<FloatTensor> predictions,
		Path spool) throws IOException
	{
		DetectionScores pooled = null;
		for (int i = 0; i < samples.size(); i++) {
			TrainingSample sample = samples.get(i);
			int[] predicted = instances(chain, predictions.get(i), sample.voxelSize(), spool);
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

	/**
	 * The instances the chain finds in channels-last probabilities ({@code [z,] y, x, classes}), in C order.
	 *
	 * @param voxelSize {@code [z,] y, x}
	 */
	static int[] instances(Postprocessing chain, FloatTensor probabilities, double[] voxelSize, Path spool)
		throws IOException
	{
		int rank = probabilities.rank();
		int classes = (int) probabilities.size(rank - 1);
		int width = (int) probabilities.size(rank - 2);
		int height = (int) probabilities.size(rank - 3);
		int depth = rank == 4 ? (int) probabilities.size(0) : 1;
		int plane = width * height;
		float[] p = probabilities.data();
		int[] instances = new int[depth * plane];
		try (PostprocessingStep.Pass pass = chain.instances().start(width, height, xyz(voxelSize), spool)) {
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

	/** A C-order voxel size ({@code [z,] y, x}) as {@code {x, y, z}} (z 1 in 2D). */
	private static double[] xyz(double[] voxelSize) {
		int n = voxelSize.length;
		return new double[]{ voxelSize[n - 1], voxelSize[n - 2], n == 3 ? voxelSize[0] : 1 };
	}
}
