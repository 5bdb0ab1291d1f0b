package org.unetfiji.metrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.BooleanType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

/**
 * Agreement of two partitions of a volume into segments, the scores of dense segmentations (cells that fill the
 * tissue): the adapted Rand error of the CREMI challenge and PlantSeg ({@code skimage.metrics.adapted_rand_error})
 * and the variation of information with its split and merge parts.
 * <p>
 * Only the n voxels where the truth is non-zero (and not ignored) count; there every value of the prediction is a
 * segment, 0 included (unassigned voxels form one segment, as in CREMI). With the contingency table
 * c<sub>ij</sub> (voxels of truth segment i and predicted segment j), a<sub>i</sub> = Σ<sub>j</sub> c<sub>ij</sub>,
 * b<sub>j</sub> = Σ<sub>i</sub> c<sub>ij</sub> and P = Σ c<sub>ij</sub>² − n (ordered pairs of distinct voxels
 * together in both):
 * <ul>
 * <li>Rand split score = P / (Σ a<sub>i</sub>² − n): of the pairs together in the truth, the fraction kept together
 * (low when truth segments are split);</li>
 * <li>Rand merge score = P / (Σ b<sub>j</sub>² − n): of the pairs together in the prediction, the fraction together
 * in the truth (low when truth segments are merged);</li>
 * <li>adapted Rand error = 1 − their harmonic mean (0 = identical partitions);</li>
 * <li>variation of information, in <b>bits</b> (log base 2): VI split = H(prediction | truth) (over-segmentation),
 * VI merge = H(truth | prediction) (under-segmentation), VI = their sum.</li>
 * </ul>
 * When a side has no pair of voxels together (every segment a single voxel) its score is 1; without any counted
 * voxel everything is perfect.
 *
 * @param adaptedRandError 1 − adapted Rand F-score
 * @param randSplit Rand split score (1 − fraction of truth pairs separated)
 * @param randMerge Rand merge score (1 − fraction of predicted pairs that are wrongly together)
 * @param viSplit H(prediction | truth) in bits
 * @param viMerge H(truth | prediction) in bits
 */
public record PartitionMetrics(double adaptedRandError, double randSplit, double randMerge, double viSplit,
	double viMerge) {

	/** All voxels where the truth is non-zero count. */
	public static PartitionMetrics compute(RandomAccessibleInterval<? extends IntegerType<?>> truth,
		RandomAccessibleInterval<? extends IntegerType<?>> prediction)
	{
		return compute(truth, prediction, null);
	}

	/**
	 * @param ignored voxels left out (e.g. where the truth has its ignore value), or null
	 */
	public static <B extends BooleanType<B>> PartitionMetrics compute(
		RandomAccessibleInterval<? extends IntegerType<?>> truth,
		RandomAccessibleInterval<? extends IntegerType<?>> prediction, RandomAccessibleInterval<B> ignored)
	{
		LabelImages.requireSameSize(truth, prediction);
		if (ignored != null) LabelImages.requireSameSize(truth, ignored);
		Map<Long, Long> truthSizes = new HashMap<>();
		Map<Long, Long> predictedSizes = new HashMap<>();
		Map<Pair, Long> overlaps = new HashMap<>();
		Cursor<? extends IntegerType<?>> t = Views.flatIterable(truth).cursor();
		Cursor<? extends IntegerType<?>> p = Views.flatIterable(prediction).cursor();
		Cursor<B> skip = ignored == null ? null : Views.flatIterable(ignored).cursor();
		long n = 0;
		while (t.hasNext()) {
			long trueLabel = t.next().getIntegerLong();
			long predictedLabel = p.next().getIntegerLong();
			boolean left = skip != null && skip.next().get();
			if (trueLabel == 0 || left) continue;
			n++;
			truthSizes.merge(trueLabel, 1L, Long::sum);
			predictedSizes.merge(predictedLabel, 1L, Long::sum);
			overlaps.merge(new Pair(trueLabel, predictedLabel), 1L, Long::sum);
		}
		if (n == 0) return new PartitionMetrics(0, 1, 1, 0, 0);
		double together = squares(overlaps) - n;
		double split = ratio(together, squares(truthSizes) - n);
		double merge = ratio(together, squares(predictedSizes) - n);
		double fScore = split + merge > 0 ? 2 * split * merge / (split + merge) : 0;
		double jointEntropy = entropy(overlaps, n);
		return new PartitionMetrics(1 - fScore, split, merge, jointEntropy - entropy(truthSizes, n),
			jointEntropy - entropy(predictedSizes, n));
	}

	/** VI split + VI merge, in bits. */
	public double variationOfInformation() {
		return viSplit + viMerge;
	}

	/**
	 * Named values for a {@link MetricsTable}: {@code adapted_rand_error, rand_split_score, rand_merge_score, vi,
	 * vi_split, vi_merge} (VI in bits).
	 */
	public Map<String, Double> metrics() {
		Map<String, Double> m = new LinkedHashMap<>();
		m.put("adapted_rand_error", adaptedRandError);
		m.put("rand_split_score", randSplit);
		m.put("rand_merge_score", randMerge);
		m.put("vi", variationOfInformation());
		m.put("vi_split", viSplit);
		m.put("vi_merge", viMerge);
		return m;
	}

	private record Pair(long truth, long prediction) {}

	private static double ratio(double together, double pairs) {
		return pairs > 0 ? together / pairs : 1;
	}

	private static double squares(Map<?, Long> counts) {
		double sum = 0;
		for (long c : counts.values())
			sum += (double) c * c;
		return sum;
	}

	/** Entropy in bits of the distribution {@code count / n}. */
	private static double entropy(Map<?, Long> counts, long n) {
		double h = 0;
		for (long c : counts.values()) {
			double q = (double) c / n;
			h -= q * Math.log(q) / Math.log(2);
		}
		return h;
	}
}
