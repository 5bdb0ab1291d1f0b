package org.unetfiji.metrics;

/**
 * Object detection counts at one IoU threshold and the scores derived from them.
 * <p>
 * Convention for empty denominators: a ratio whose denominator is zero is 1 when both images have no objects (nothing
 * to find, nothing found) and 0 otherwise. So with no objects at all precision, recall, F1, average precision and mean
 * matched IoU are 1; with objects in only one image they are 0.
 *
 * @param threshold IoU threshold of the matching
 * @param numTrue number of ground-truth objects
 * @param numPred number of predicted objects
 * @param truePositives number of matched pairs
 * @param sumMatchedIoU sum of the IoUs of the matched pairs
 */
public record DetectionScores(double threshold, int numTrue, int numPred, int truePositives, double sumMatchedIoU) {

	/** Validates the counts. */
	public DetectionScores {
		if (truePositives < 0 || truePositives > Math.min(numTrue, numPred)) throw new IllegalArgumentException(
			"Inconsistent counts: TP=" + truePositives + ", true=" + numTrue + ", predicted=" + numPred);
	}

	/** Predicted objects without a match. */
	public int falsePositives() {
		return numPred - truePositives;
	}

	/** Ground-truth objects without a match. */
	public int falseNegatives() {
		return numTrue - truePositives;
	}

	/** TP / (TP + FP). */
	public double precision() {
		return ratio(truePositives, numPred);
	}

	/** TP / (TP + FN). */
	public double recall() {
		return ratio(truePositives, numTrue);
	}

	/** 2 TP / (2 TP + FP + FN). */
	public double f1() {
		return ratio(2.0 * truePositives, numTrue + numPred);
	}

	/** TP / (TP + FP + FN): the "average precision" of StarDist and the DSB2018 challenge at this threshold. */
	public double averagePrecision() {
		return ratio(truePositives, truePositives + falsePositives() + falseNegatives());
	}

	/** Mean IoU of the matched pairs. */
	public double meanMatchedIoU() {
		return ratio(sumMatchedIoU, truePositives);
	}

	/** Pools the counts of another image evaluated at the same threshold (dataset-level scores). */
	public DetectionScores plus(DetectionScores other) {
		if (Double.compare(threshold, other.threshold) != 0)
			throw new IllegalArgumentException("Different thresholds: " + threshold + ", " + other.threshold);
		return new DetectionScores(threshold, numTrue + other.numTrue, numPred + other.numPred,
			truePositives + other.truePositives, sumMatchedIoU + other.sumMatchedIoU);
	}

	private double ratio(double numerator, long denominator) {
		if (denominator == 0) return numTrue == 0 && numPred == 0 ? 1 : 0;
		return numerator / denominator;
	}
}
