package org.unetfiji.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.BooleanType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

/**
 * Confusion matrix of two class label images (values {@code 0 .. numClasses-1}) and the semantic metrics derived
 * from it.
 * <p>
 * Conventions: a per-class value whose denominator is zero (class absent from truth for accuracy, absent from both
 * images for IoU and Dice) is {@code NaN} and left out of the corresponding mean; a mean over no defined class and the
 * pixel accuracy of an empty matrix are {@code NaN}.
 */
public final class ConfusionMatrix {

	private final long[][] counts;

	private ConfusionMatrix(long[][] counts) {
		this.counts = counts;
	}

	/** Counts all pixels; every value of both images must be a class in {@code [0, numClasses)}. */
	public static ConfusionMatrix compute(RandomAccessibleInterval<? extends IntegerType<?>> truth,
		RandomAccessibleInterval<? extends IntegerType<?>> prediction, int numClasses)
	{
		return compute(truth, prediction, numClasses, null, false, 0);
	}

	/** Skips pixels whose <em>truth</em> value is {@code ignoreLabel} (which may lie outside the class range). */
	public static ConfusionMatrix compute(RandomAccessibleInterval<? extends IntegerType<?>> truth,
		RandomAccessibleInterval<? extends IntegerType<?>> prediction, int numClasses, long ignoreLabel)
	{
		return compute(truth, prediction, numClasses, null, true, ignoreLabel);
	}

	/** Skips pixels where {@code ignoreMask} is true (mask of the same dimensions as the images). */
	public static ConfusionMatrix compute(RandomAccessibleInterval<? extends IntegerType<?>> truth,
		RandomAccessibleInterval<? extends IntegerType<?>> prediction, int numClasses,
		RandomAccessibleInterval<? extends BooleanType<?>> ignoreMask)
	{
		LabelImages.requireSameSize(truth, ignoreMask);
		return compute(truth, prediction, numClasses, ignoreMask, false, 0);
	}

	/** Wraps counts indexed {@code [trueClass][predictedClass]} (square, non-negative); the array is copied. */
	public static ConfusionMatrix of(long[][] counts) {
		long[][] copy = new long[counts.length][];
		for (int t = 0; t < counts.length; t++) {
			if (counts[t].length != counts.length)
				throw new IllegalArgumentException("Confusion matrix must be square");
			copy[t] = counts[t].clone();
		}
		return new ConfusionMatrix(copy);
	}

	private static ConfusionMatrix compute(RandomAccessibleInterval<? extends IntegerType<?>> truth,
		RandomAccessibleInterval<? extends IntegerType<?>> prediction, int numClasses,
		RandomAccessibleInterval<? extends BooleanType<?>> ignoreMask, boolean useIgnoreLabel, long ignoreLabel)
	{
		if (numClasses < 1) throw new IllegalArgumentException("numClasses must be positive: " + numClasses);
		LabelImages.requireSameSize(truth, prediction);
		long[][] counts = new long[numClasses][numClasses];
		Cursor<? extends IntegerType<?>> t = Views.flatIterable(truth).cursor();
		Cursor<? extends IntegerType<?>> p = Views.flatIterable(prediction).cursor();
		Cursor<? extends BooleanType<?>> m = ignoreMask == null ? null : Views.flatIterable(ignoreMask).cursor();
		while (t.hasNext()) {
			long trueClass = t.next().getIntegerLong();
			long predictedClass = p.next().getIntegerLong();
			if ((m != null && m.next().get()) || (useIgnoreLabel && trueClass == ignoreLabel)) continue;
			counts[checkClass(trueClass, numClasses)][checkClass(predictedClass, numClasses)]++;
		}
		return new ConfusionMatrix(counts);
	}

	private static int checkClass(long value, int numClasses) {
		if (value < 0 || value >= numClasses)
			throw new IllegalArgumentException("Label " + value + " outside class range [0, " + numClasses + ")");
		return (int) value;
	}

	/**
	 * Element-wise sum, e.g. to pool several images into one overall matrix; a matrix with fewer classes counts as
	 * padded with zeros (images in which the higher classes do not occur).
	 */
	public ConfusionMatrix plus(ConfusionMatrix other) {
		int n = Math.max(numClasses(), other.numClasses());
		long[][] sum = new long[n][n];
		for (ConfusionMatrix m : List.of(this, other))
			for (int t = 0; t < m.numClasses(); t++)
				for (int p = 0; p < m.numClasses(); p++)
					sum[t][p] += m.counts[t][p];
		return new ConfusionMatrix(sum);
	}

	/** Number of classes (matrix size). */
	public int numClasses() {
		return counts.length;
	}

	/** Number of counted pixels of true class {@code trueClass} predicted as {@code predictedClass}. */
	public long count(int trueClass, int predictedClass) {
		return counts[trueClass][predictedClass];
	}

	/** Number of counted (not ignored) pixels. */
	public long total() {
		long sum = 0;
		for (long[] row : counts)
			for (long c : row)
				sum += c;
		return sum;
	}

	/** Copy of the counts, indexed {@code [trueClass][predictedClass]}. */
	public long[][] toArray() {
		long[][] copy = new long[counts.length][];
		for (int t = 0; t < counts.length; t++)
			copy[t] = counts[t].clone();
		return copy;
	}

	/** Fraction of counted pixels whose class is predicted correctly. */
	public double pixelAccuracy() {
		long correct = 0;
		for (int c = 0; c < counts.length; c++)
			correct += counts[c][c];
		return correct / (double) total();
	}

	/** Accuracy of class {@code c} = its recall, TP / (TP + FN). */
	public double classAccuracy(int c) {
		return ratio(counts[c][c], truePixels(c));
	}

	/** Mean of the defined class accuracies. */
	public double meanClassAccuracy() {
		return meanOfDefined(this::classAccuracy);
	}

	/** Intersection over union (Jaccard index) of class {@code c}, TP / (TP + FP + FN). */
	public double iou(int c) {
		return ratio(counts[c][c], truePixels(c) + predictedPixels(c) - counts[c][c]);
	}

	/** Mean of the defined class IoUs. */
	public double meanIoU() {
		return meanOfDefined(this::iou);
	}

	/** Dice coefficient (F1 score) of class {@code c}, 2 TP / (2 TP + FP + FN). */
	public double dice(int c) {
		return ratio(2 * counts[c][c], truePixels(c) + predictedPixels(c));
	}

	/**
	 * Named values for a {@link MetricsTable}: {@code pixel_accuracy}, {@code mean_accuracy}, {@code mean_iou}, then
	 * per class {@code c}: {@code accuracy_c}, {@code iou_c}, {@code dice_c}.
	 */
	public Map<String, Double> metrics() {
		Map<String, Double> m = new LinkedHashMap<>();
		m.put("pixel_accuracy", pixelAccuracy());
		m.put("mean_accuracy", meanClassAccuracy());
		m.put("mean_iou", meanIoU());
		for (int c = 0; c < counts.length; c++) {
			m.put("accuracy_" + c, classAccuracy(c));
			m.put("iou_" + c, iou(c));
			m.put("dice_" + c, dice(c));
		}
		return m;
	}

	private double meanOfDefined(IntToDoubleFunction perClass) {
		double sum = 0;
		int n = 0;
		for (int c = 0; c < counts.length; c++) {
			double v = perClass.applyAsDouble(c);
			if (!Double.isNaN(v)) {
				sum += v;
				n++;
			}
		}
		return n == 0 ? Double.NaN : sum / n;
	}

	private long truePixels(int c) {
		long sum = 0;
		for (long n : counts[c])
			sum += n;
		return sum;
	}

	private long predictedPixels(int c) {
		long sum = 0;
		for (long[] row : counts)
			sum += row[c];
		return sum;
	}

	private static double ratio(long numerator, long denominator) {
		return denominator == 0 ? Double.NaN : numerator / (double) denominator;
	}
}
