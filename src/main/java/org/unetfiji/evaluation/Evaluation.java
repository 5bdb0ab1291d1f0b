package org.unetfiji.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import org.unetfiji.image.ops.ConnectedComponents;
import org.unetfiji.image.ops.Connectivity;
import org.unetfiji.metrics.ConfusionMatrix;
import org.unetfiji.metrics.InstanceMetrics;
import org.unetfiji.metrics.MembraneMetrics;
import org.unetfiji.metrics.MetricsTable;
import org.unetfiji.metrics.PartitionMetrics;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.logic.BitType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.util.Intervals;

/**
 * Evaluates predicted label images against ground truth, pair by pair (see {@link FilePairing}), and pools the results
 * over all pairs into an overall row: the work behind {@code unet evaluate} and the Fiji Evaluate command.
 * <p>
 * Overall values: pixel metrics from the summed confusion matrices, object metrics from the pooled detection counts
 * ({@link InstanceMetrics#pooledMetrics}), membrane and dense-segmentation metrics as the mean over images (as the
 * ISBI 2012 challenge).
 */
public final class Evaluation {

	/** What to measure. */
	public enum Metric {
		/**
		 * Confusion-matrix metrics of class maps: values are class numbers; an image whose only non-zero value is 255
		 * (an 8-bit mask) counts as classes 0 and 1.
		 */
		SEMANTIC,
		/** Confusion-matrix metrics of foreground (any non-zero value, e.g. every object) against background 0. */
		FOREGROUND,
		/**
		 * Object metrics ({@link InstanceMetrics}). Objects are the ids of an image with several non-zero values; in a
		 * mask (one non-zero value) and in a segmentation class map ({@code NAME.labels.tif}) they are the
		 * face-connected components of the foreground.
		 */
		INSTANCE,
		/** ISBI 2012 pixel error and Rand error ({@link MembraneMetrics}): non-zero = cell interior, 0 = membrane. */
		MEMBRANE,
		/**
		 * Dense segmentations (cells filling the tissue, {@link PartitionMetrics}): adapted Rand error and variation
		 * of information (bits) with their split and merge parts, over the voxels where the truth is non-zero.
		 */
		DENSE;

		/**
		 * Parses {@code auto} (the empty set: chosen per image, see {@link Settings}) or a comma-separated list such
		 * as {@code semantic,membrane}.
		 */
		public static Set<Metric> parse(String text) {
			if (text.trim().equalsIgnoreCase("auto")) return EnumSet.noneOf(Metric.class);
			Set<Metric> metrics = EnumSet.noneOf(Metric.class);
			for (String name : text.split(",")) {
				try {
					metrics.add(valueOf(name.trim().toUpperCase(Locale.ROOT)));
				}
				catch (IllegalArgumentException e) {
					throw new IllegalArgumentException("metrics=" + text + ": unknown metric '" + name.trim() +
						"'; choose auto or a list of semantic, foreground, instance, membrane, dense");
				}
			}
			return metrics;
		}
	}

	/**
	 * @param metrics what to measure; empty for automatic: semantic and membrane metrics where the truth is a mask (one
	 *            non-zero value, or none; semantic only with {@code ignore}), foreground and instance metrics where it
	 *            holds object ids, and dense-segmentation metrics too where at least 90 % of its pixels are labelled
	 * @param ignore a truth value whose pixels are left out (of the confusion matrix; of both images for objects)
	 * @param threshold IoU above which objects match for the detection counts and scores ({@code tp} to
	 *            {@code mean_matched_iou}); average precision is always reported at 0.50, 0.55, ..., 0.95
	 */
	public record Settings(Set<Metric> metrics, OptionalLong ignore, double threshold) {

		/** Checks the combination. */
		public Settings {
			metrics = Collections
				.unmodifiableSet(metrics.isEmpty() ? EnumSet.noneOf(Metric.class) : EnumSet.copyOf(metrics));
			if (metrics.contains(Metric.SEMANTIC) && metrics.contains(Metric.FOREGROUND))
				throw new IllegalArgumentException(
					"metrics=semantic and foreground measure the same pixels; choose one");
			if (metrics.contains(Metric.MEMBRANE) && ignore.isPresent())
				throw new IllegalArgumentException("membrane metrics have no ignore region; leave out ignore=");
			if (!(threshold >= 0 && threshold < 1))
				throw new IllegalArgumentException("threshold=" + threshold + " must be in [0, 1)");
		}
	}

	/** A pair that could not be evaluated, and why. */
	public record Failure(FilePairing.Pair pair, String message) {}

	/**
	 * @param table one row per evaluated pair and the overall row
	 * @param failures pairs that could not be evaluated
	 */
	public record Report(MetricsTable table, List<Failure> failures) {

		/** The main columns, for the console: pixel accuracy and IoU, detection scores, mean AP, Rand error. */
		public String summary() {
			return table.select(SUMMARY_COLUMNS).summary();
		}
	}

	/** Called before each pair is evaluated; may throw to cancel. */
	@FunctionalInterface
	public interface Progress {
		void starting(int index, int total, FilePairing.Pair pair);
	}

	private static final List<String> SUMMARY_COLUMNS = List.of("pixel_accuracy", "mean_iou", "iou_1", "dice_1",
		"n_true", "n_pred", "precision", "recall", "f1", "mean_matched_iou", "mean_ap", "splits", "merges",
		"pixel_error", "rand_error", "adapted_rand_error", "vi_split", "vi_merge");
	/** Truth images with at least this fraction of labelled voxels are dense: {@code auto} adds {@link Metric#DENSE}. */
	private static final double DENSE_FRACTION = 0.9;
	/** More classes than this means the values are object ids, not classes. */
	private static final int MAX_CLASSES = 256;

	private final Settings settings;

	public Evaluation(Settings settings) {
		this.settings = settings;
	}

	/** As {@link #pair(FilePairing.Side, FilePairing.Side)} for two files or folders. */
	public FilePairing.Result pair(Path truth, Path prediction) throws IOException {
		return pair(FilePairing.Side.of(truth), FilePairing.Side.of(prediction));
	}

	/**
	 * Pairs the prediction and truth images of two files, folders or images in memory by name (see
	 * {@link FilePairing}), choosing between a class map and an instance image per truth image with
	 * {@link #comparesObjects}.
	 *
	 * @throws IllegalArgumentException if a path does not exist, a folder holds no image, or no prediction pairs
	 *             with a truth image
	 */
	public FilePairing.Result pair(FilePairing.Side truth, FilePairing.Side prediction) throws IOException {
		FilePairing.Result pairing = FilePairing.pair(truth, prediction, this::comparesObjects);
		if (pairing.pairs().isEmpty())
			throw new IllegalArgumentException("no prediction in " + prediction + " has the name of a truth image in " +
				truth + " (NAME.tif pairs with NAME.labels.tif, NAME.instances.tif or NAME.tif)");
		return pairing;
	}

	/** Evaluates every pair; a pair that cannot be read or compared is reported in the failures and skipped. */
	public Report evaluate(List<FilePairing.Pair> pairs, Progress progress) {
		MetricsTable table = new MetricsTable();
		List<Failure> failures = new ArrayList<>();
		Pooled pooled = new Pooled();
		for (int i = 0; i < pairs.size(); i++) {
			FilePairing.Pair pair = pairs.get(i);
			progress.starting(i, pairs.size(), pair);
			try {
				table.addRow(pair.name(), evaluate(pair, pooled));
			}
			catch (IOException | IllegalArgumentException e) {
				failures.add(new Failure(pair, e.getMessage()));
			}
		}
		if (!pooled.isEmpty()) table.setOverall("overall", pooled.metrics(settings.threshold()));
		return new Report(table, failures);
	}

	private Map<String, Double> evaluate(FilePairing.Pair pair, Pooled pooled) throws IOException {
		Img<IntType> truth = pair.truth().read();
		Img<IntType> prediction = pair.prediction().read();
		if (!Intervals.equalDimensions(truth, prediction))
			throw new IllegalArgumentException("truth " + pair.truth().fileName() + " is " + size(truth) +
				" px but prediction " + pair.prediction().fileName() + " is " + size(prediction) + " px");
		Img<BitType> ignored = ignoredIn(truth);
		boolean truthIsMask = isMask(truth, ignored);
		Set<Metric> metrics = settings.metrics().isEmpty() ? automatic(truthIsMask, isDense(truth, ignored))
			: settings.metrics();
		Map<String, Double> row = new LinkedHashMap<>();
		if (metrics.contains(Metric.SEMANTIC) || metrics.contains(Metric.FOREGROUND)) {
			ConfusionMatrix pixels = metrics.contains(Metric.FOREGROUND)
				? confusion(foreground(truth), foreground(prediction), 2, ignored)
				: confusion(maskAsClasses(truth, ignored), maskAsClasses(prediction, null),
					classCount(truth, prediction, ignored), ignored);
			pooled.pixels = pooled.pixels == null ? pixels : pooled.pixels.plus(pixels);
			row.putAll(pixels.metrics());
		}
		if (metrics.contains(Metric.INSTANCE)) {
			boolean predictionIsClassMap = pair.prediction().fileName().contains(".labels.");
			Img<IntType> trueObjects = objects(truth, truthIsMask);
			Img<IntType> predictedObjects = objects(prediction, predictionIsClassMap || isMask(prediction, null));
			if (ignored != null) {
				clear(trueObjects, ignored);
				clear(predictedObjects, ignored);
			}
			InstanceMetrics objects = InstanceMetrics.compute(trueObjects, predictedObjects);
			pooled.instances.add(objects);
			row.putAll(objects.metrics(settings.threshold()));
		}
		if (metrics.contains(Metric.MEMBRANE)) {
			Map<String, Double> membrane = MembraneMetrics.compute(truth, prediction).metrics();
			pooled.meanOverImages.addRow(pair.name(), membrane);
			row.putAll(membrane);
		}
		if (metrics.contains(Metric.DENSE)) {
			Map<String, Double> dense = PartitionMetrics.compute(truth, prediction, ignored).metrics();
			pooled.meanOverImages.addRow(pair.name(), dense);
			row.putAll(dense);
		}
		return row;
	}

	/**
	 * Whether a prediction should be compared with this truth file as objects (instance image) rather than as classes:
	 * the metrics asked for include instance metrics, or, for automatic metrics, the truth holds object ids. A truth
	 * image that cannot be read answers {@code true}; its evaluation reports the error.
	 */
	public boolean comparesObjects(LabelSource truthImage) {
		if (!settings.metrics().isEmpty())
			return settings.metrics().contains(Metric.INSTANCE) || settings.metrics().contains(Metric.DENSE);
		try {
			Img<IntType> truth = truthImage.read();
			return !isMask(truth, ignoredIn(truth));
		}
		catch (IOException | IllegalArgumentException e) {
			return true;
		}
	}

	/** The truth pixels whose value is the ignore value; {@code null} without one. */
	private Img<BitType> ignoredIn(Img<IntType> truth) {
		return settings.ignore().isPresent() ? valueMask(truth, settings.ignore().getAsLong()) : null;
	}

	private Set<Metric> automatic(boolean truthIsMask, boolean truthIsDense) {
		if (!truthIsMask) return truthIsDense ? EnumSet.of(Metric.FOREGROUND, Metric.INSTANCE, Metric.DENSE)
			: EnumSet.of(Metric.FOREGROUND, Metric.INSTANCE);
		return settings.ignore().isPresent() ? EnumSet.of(Metric.SEMANTIC)
			: EnumSet.of(Metric.SEMANTIC, Metric.MEMBRANE);
	}

	/** Results summed over the pairs. */
	private static final class Pooled {
		private ConfusionMatrix pixels;
		private final List<InstanceMetrics> instances = new ArrayList<>();
		private final MetricsTable meanOverImages = new MetricsTable();

		boolean isEmpty() {
			return pixels == null && instances.isEmpty() && meanOverImages.columns().isEmpty();
		}

		Map<String, Double> metrics(double threshold) {
			Map<String, Double> overall = new LinkedHashMap<>();
			if (pixels != null) overall.putAll(pixels.metrics());
			if (!instances.isEmpty()) overall.putAll(InstanceMetrics.pooledMetrics(instances, threshold));
			overall.putAll(meanOverImages.columnMeans());
			return overall;
		}
	}

	private static ConfusionMatrix confusion(Img<IntType> truth, Img<IntType> prediction, int numClasses,
		Img<BitType> ignored)
	{
		return ignored == null ? ConfusionMatrix.compute(truth, prediction, numClasses)
			: ConfusionMatrix.compute(truth, prediction, numClasses, ignored);
	}

	/** Whether at least {@value #DENSE_FRACTION} of the pixels outside the ignored ones are non-zero. */
	private static boolean isDense(Img<IntType> labels, Img<BitType> ignored) {
		long counted = 0;
		long labelled = 0;
		Cursor<IntType> label = labels.cursor();
		Cursor<BitType> skip = ignored == null ? null : ignored.cursor();
		while (label.hasNext()) {
			int value = label.next().get();
			if (skip != null && skip.next().get()) continue;
			counted++;
			if (value != 0) labelled++;
		}
		return counted > 0 && labelled >= DENSE_FRACTION * counted;
	}

	/** Whether the image has at most one non-zero value outside the ignored pixels. */
	private static boolean isMask(Img<IntType> labels, Img<BitType> ignored) {
		return nonZeroValues(labels, ignored, 2).size() <= 1;
	}

	/** Up to {@code limit} distinct non-zero values outside the ignored pixels. */
	private static Set<Integer> nonZeroValues(Img<IntType> labels, Img<BitType> ignored, int limit) {
		Set<Integer> values = new HashSet<>();
		Cursor<IntType> label = labels.cursor();
		Cursor<BitType> skip = ignored == null ? null : ignored.cursor();
		while (label.hasNext() && values.size() < limit) {
			int value = label.next().get();
			if (!(skip != null && skip.next().get()) && value != 0) values.add(value);
		}
		return values;
	}

	/** An image whose only non-zero value is 255 as classes 0 and 1; any other image as it is. */
	private static Img<IntType> maskAsClasses(Img<IntType> labels, Img<BitType> ignored) {
		return nonZeroValues(labels, ignored, 2).equals(Set.of(255)) ? foreground(labels) : labels;
	}

	/** One more than the largest class value (at least 2), ignored truth pixels left out. */
	private static int classCount(Img<IntType> truth, Img<IntType> prediction, Img<BitType> ignored) {
		long max = 1;
		Cursor<IntType> t = maskAsClasses(truth, ignored).cursor();
		Cursor<IntType> p = maskAsClasses(prediction, null).cursor();
		Cursor<BitType> skip = ignored == null ? null : ignored.cursor();
		while (t.hasNext()) {
			int trueClass = t.next().get();
			max = Math.max(max, p.next().get());
			if (skip == null || !skip.next().get()) max = Math.max(max, trueClass);
		}
		if (max >= MAX_CLASSES) throw new IllegalArgumentException(
			"values up to " + max + " are object ids, not classes; use metrics=foreground or metrics=instance");
		return (int) max + 1;
	}

	private static Img<IntType> foreground(Img<IntType> labels) {
		Img<IntType> binary = ArrayImgs.ints(labels.dimensionsAsLongArray());
		Cursor<IntType> out = binary.cursor();
		for (IntType value : labels)
			out.next().set(value.get() != 0 ? 1 : 0);
		return binary;
	}

	/** Object ids: the image itself, or the face-connected components of its foreground. */
	private static Img<IntType> objects(Img<IntType> labels, boolean components) {
		return components ? ConnectedComponents.labelForeground(labels, Connectivity.FACE) : labels.copy();
	}

	private static Img<BitType> valueMask(Img<IntType> labels, long value) {
		Img<BitType> mask = ArrayImgs.bits(labels.dimensionsAsLongArray());
		Cursor<BitType> out = mask.cursor();
		for (IntType label : labels)
			out.next().set(label.get() == value);
		return mask;
	}

	private static void clear(Img<IntType> labels, Img<BitType> where) {
		Cursor<BitType> mask = where.cursor();
		for (IntType label : labels)
			if (mask.next().get()) label.setZero();
	}

	private static String size(Img<IntType> image) {
		return String.join("×", Arrays.stream(image.dimensionsAsLongArray()).mapToObj(Long::toString).toList());
	}
}
