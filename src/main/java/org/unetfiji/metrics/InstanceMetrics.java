package org.unetfiji.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

/**
 * Object-level evaluation of an instance segmentation: optimal matchings at several IoU thresholds (see
 * {@link Matching}), their scores, and split/merge counts (see {@link OverlapTable}).
 *
 * @param overlaps the overlap table of truth and prediction
 * @param matchings one matching per threshold, in the given threshold order
 */
public record InstanceMetrics(OverlapTable overlaps, List<Matching> matchings) {

	/** Copies the matching list. */
	public InstanceMetrics {
		matchings = List.copyOf(matchings);
	}

	/** The DSB2018/StarDist thresholds 0.5, 0.55, ..., 0.95 (each the double nearest to k/20). */
	public static double[] defaultThresholds() {
		return IntStream.rangeClosed(10, 19).mapToDouble(k -> k / 20.0).toArray();
	}

	/** Evaluates at the {@linkplain #defaultThresholds() default thresholds}. */
	public static InstanceMetrics compute(RandomAccessibleInterval<? extends IntegerType<?>> truth,
		RandomAccessibleInterval<? extends IntegerType<?>> prediction)
	{
		return compute(truth, prediction, defaultThresholds());
	}

	/** Evaluates at the given IoU thresholds (at least one, each in [0, 1)). */
	public static InstanceMetrics compute(RandomAccessibleInterval<? extends IntegerType<?>> truth,
		RandomAccessibleInterval<? extends IntegerType<?>> prediction, double... thresholds)
	{
		if (thresholds.length == 0) throw new IllegalArgumentException("No IoU threshold given");
		OverlapTable table = OverlapTable.compute(truth, prediction);
		List<Matching> matchings = new ArrayList<>();
		for (double t : thresholds)
			matchings.add(table.match(t));
		return new InstanceMetrics(table, matchings);
	}

	/** Scores at each threshold, in threshold order. */
	public List<DetectionScores> scores() {
		return matchings.stream().map(Matching::scores).toList();
	}

	/** Mean over the thresholds of the average precision (the DSB2018 score for the default thresholds). */
	public double meanAveragePrecision() {
		return meanAveragePrecision(scores());
	}

	/**
	 * Named values for a {@link MetricsTable}: {@code n_true, n_pred}, then at the first threshold {@code tp, fp, fn,
	 * precision, recall, f1, mean_matched_iou}, then {@code ap@T} for every threshold T, {@code mean_ap},
	 * {@code splits}, {@code merges}.
	 */
	public Map<String, Double> metrics() {
		return metrics(firstThreshold());
	}

	/**
	 * Like {@link #metrics()}, but the detection counts and scores ({@code tp} to {@code mean_matched_iou}) are those of
	 * the matching at {@code threshold}, which need not be one of the average-precision thresholds.
	 */
	public Map<String, Double> metrics(double threshold) {
		return metrics(scoresAt(threshold), scores(), overlaps.splitCount(), overlaps.mergeCount());
	}

	/**
	 * Dataset-level values of several images evaluated at the same thresholds: detection counts and matched IoUs are
	 * pooled before the scores are computed (as StarDist's {@code matching_dataset}); splits and merges are summed.
	 * Same columns as {@link #metrics()}.
	 */
	public static Map<String, Double> pooledMetrics(List<InstanceMetrics> results) {
		if (results.isEmpty()) throw new IllegalArgumentException("No results to pool");
		return pooledMetrics(results, results.get(0).firstThreshold());
	}

	/** Like {@link #pooledMetrics(List)}, with the detection scores at {@code threshold} (see {@link #metrics(double)}). */
	public static Map<String, Double> pooledMetrics(List<InstanceMetrics> results, double threshold) {
		if (results.isEmpty()) throw new IllegalArgumentException("No results to pool");
		List<DetectionScores> pooled = new ArrayList<>(results.get(0).scores());
		DetectionScores headline = results.get(0).scoresAt(threshold);
		for (InstanceMetrics result : results.subList(1, results.size())) {
			List<DetectionScores> scores = result.scores();
			if (scores.size() != pooled.size()) throw new IllegalArgumentException("Results use different thresholds");
			for (int t = 0; t < pooled.size(); t++)
				pooled.set(t, pooled.get(t).plus(scores.get(t)));
			headline = headline.plus(result.scoresAt(threshold));
		}
		int splits = results.stream().mapToInt(r -> r.overlaps.splitCount()).sum();
		int merges = results.stream().mapToInt(r -> r.overlaps.mergeCount()).sum();
		return metrics(headline, pooled, splits, merges);
	}

	private double firstThreshold() {
		return matchings.get(0).scores().threshold();
	}

	/** Scores of the matching at {@code threshold}: an evaluated one, or a new matching of the overlap table. */
	private DetectionScores scoresAt(double threshold) {
		for (Matching matching : matchings)
			if (Double.compare(matching.scores().threshold(), threshold) == 0) return matching.scores();
		return overlaps.match(threshold).scores();
	}

	private static Map<String, Double> metrics(DetectionScores first, List<DetectionScores> scores, int splits,
		int merges)
	{
		Map<String, Double> m = new LinkedHashMap<>();
		m.put("n_true", (double) first.numTrue());
		m.put("n_pred", (double) first.numPred());
		m.put("tp", (double) first.truePositives());
		m.put("fp", (double) first.falsePositives());
		m.put("fn", (double) first.falseNegatives());
		m.put("precision", first.precision());
		m.put("recall", first.recall());
		m.put("f1", first.f1());
		m.put("mean_matched_iou", first.meanMatchedIoU());
		for (DetectionScores s : scores)
			m.put(String.format(Locale.ROOT, "ap@%.2f", s.threshold()), s.averagePrecision());
		m.put("mean_ap", meanAveragePrecision(scores));
		m.put("splits", (double) splits);
		m.put("merges", (double) merges);
		return m;
	}

	private static double meanAveragePrecision(List<DetectionScores> scores) {
		return scores.stream().mapToDouble(DetectionScores::averagePrecision).average().orElseThrow();
	}
}
