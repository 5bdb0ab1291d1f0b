package org.unetfiji.training;

import java.util.List;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.metrics.ConfusionMatrix;
import org.unetfiji.metrics.DetectionScores;
import org.unetfiji.metrics.InstanceMetrics;
import org.unetfiji.image.ops.ConnectedComponents;
import org.unetfiji.image.ops.Connectivity;

import net.imglib2.img.array.ArrayImgs;

/**
 * Scores a network on held-back samples, each predicted whole: the weighted loss, the foreground/background
 * pixel accuracy and the foreground IoU (all
 * non-background classes together, ignored pixels left out) and, for objects, the instance F1 at IoU 0.5 of the
 * connected components of the predicted object interiors (the foreground of a foreground target) against the
 * annotated objects; for a boundary target also the boundary F1, the pixel F1 (Dice) of the boundary class.
 */
final class Validator {

	/** Validation scores; NaN where they do not apply. */
	record Scores(double loss, double pixelAccuracy, double foregroundIoU, double f1, double boundaryF1,
		boolean dense) {

		static final Scores NONE = new Scores(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false);

		/**
		 * The score that decides the best model: the boundary F1 for dense labels, else F1 for objects, foreground IoU
		 * for class masks.
		 */
		double score() {
			return dense ? boundaryF1 : Double.isNaN(f1) ? foregroundIoU : f1;
		}
	}

	private static final int IGNORED = 255;

	private final List<TrainingSample> samples;
	private final int interiorClass;
	private final int boundaryClass;
	private final boolean dense;

	/** A validator of a foreground target. */
	Validator(List<TrainingSample> samples) {
		this(samples, 1, -1, false);
	}

	/**
	 * @param interiorClass the class whose components are the predicted objects (with a foreground target: every
	 *          class after the first)
	 * @param boundaryClass the boundary class, or -1 for a foreground target
	 * @param dense whether the labels are dense (the boundary F1 then picks the best model)
	 */
	Validator(List<TrainingSample> samples, int interiorClass, int boundaryClass, boolean dense) {
		this.samples = List.copyOf(samples);
		this.interiorClass = interiorClass;
		this.boundaryClass = boundaryClass;
		this.dense = dense;
	}

	boolean isEmpty() {
		return samples.isEmpty();
	}

	Scores evaluate(Network network) {
		if (samples.isEmpty()) return Scores.NONE;
		double weightedLoss = 0;
		double weightSum = 0;
		ConfusionMatrix confusion = null;
		DetectionScores detection = null;
		long[] boundaryCounts = new long[3]; // true positives, false positives, false negatives
		for (TrainingSample sample : samples) {
			FloatTensor probabilities = WholeImage.predict(network, sample.image());
			int classes = (int) probabilities.size(probabilities.rank() - 1);
			int[] predicted = argmax(probabilities);
			byte[] truthForeground = new byte[predicted.length];
			byte[] predictedForeground = new byte[predicted.length];
			int[] predictedObjects = new int[predicted.length];
			int[] trueObjects = sample.instances() == null ? null : sample.instances().clone();
			for (int i = 0; i < predicted.length; i++) {
				int c = sample.classes()[i];
				float w = sample.weights()[i];
				if (c >= 0 && w > 0) {
					weightedLoss -= w * Math.log(Math.max(1e-12, probabilities.data()[i * classes + c]));
					weightSum += w;
				}
				truthForeground[i] = (byte) (c < 0 ? IGNORED : c > 0 ? 1 : 0);
				predictedForeground[i] = (byte) (predicted[i] > 0 ? 1 : 0);
				boolean object = boundaryClass < 0 ? predicted[i] > 0 : predicted[i] == interiorClass;
				predictedObjects[i] = c >= 0 && object ? 1 : 0;
				if (c >= 0 && boundaryClass >= 0) {
					boolean trueBoundary = c == boundaryClass;
					boolean predictedBoundary = predicted[i] == boundaryClass;
					if (trueBoundary || predictedBoundary)
						boundaryCounts[trueBoundary ? predictedBoundary ? 0 : 2 : 1]++;
				}
				if (trueObjects != null && c < 0) trueObjects[i] = 0;
			}
			long[] size = imgSize(sample);
			ConfusionMatrix matrix = ConfusionMatrix.compute(ArrayImgs.unsignedBytes(truthForeground, size),
				ArrayImgs.unsignedBytes(predictedForeground, size), 2, IGNORED);
			confusion = confusion == null ? matrix : confusion.plus(matrix);
			if (trueObjects != null) {
				DetectionScores scores = InstanceMetrics
					.compute(ArrayImgs.ints(trueObjects, size),
						ConnectedComponents.label(ArrayImgs.ints(predictedObjects, size), Connectivity.FACE), 0.5)
					.scores().get(0);
				detection = detection == null ? scores : detection.plus(scores);
			}
		}
		double boundaryF1 = boundaryClass < 0 ? Double.NaN
			: 2.0 * boundaryCounts[0] / Math.max(1, 2 * boundaryCounts[0] + boundaryCounts[1] + boundaryCounts[2]);
		return new Scores(weightSum > 0 ? weightedLoss / weightSum : Double.NaN, confusion.pixelAccuracy(),
			confusion.iou(1), detection == null ? Double.NaN : detection.f1(), boundaryF1, dense);
	}

	/** The spatial size in ImgLib2 order (x first). */
	private static long[] imgSize(TrainingSample sample) {
		long[] size = sample.size();
		long[] reversed = new long[size.length];
		for (int a = 0; a < size.length; a++)
			reversed[a] = size[size.length - 1 - a];
		return reversed;
	}

	/** Index of the most probable class per pixel of a channels-last probability tensor. */
	private static int[] argmax(FloatTensor probabilities) {
		int classes = (int) probabilities.size(probabilities.rank() - 1);
		float[] p = probabilities.data();
		int[] labels = new int[p.length / classes];
		for (int i = 0; i < labels.length; i++) {
			int best = 0;
			for (int c = 1; c < classes; c++)
				if (p[i * classes + c] > p[i * classes + best]) best = c;
			labels[i] = best;
		}
		return labels;
	}
}
