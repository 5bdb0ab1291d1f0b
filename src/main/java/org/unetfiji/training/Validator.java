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
 * connected components of the predicted foreground against the annotated objects.
 */
final class Validator {

	/** Validation scores; NaN where they do not apply. */
	record Scores(double loss, double pixelAccuracy, double foregroundIoU, double f1) {

		static final Scores NONE = new Scores(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

		/** The score that decides the best model: F1 for objects, foreground IoU for class masks. */
		double score() {
			return Double.isNaN(f1) ? foregroundIoU : f1;
		}
	}

	private static final int IGNORED = 255;

	private final List<TrainingSample> samples;

	Validator(List<TrainingSample> samples) {
		this.samples = List.copyOf(samples);
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
				predictedObjects[i] = c >= 0 && predicted[i] > 0 ? 1 : 0;
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
		return new Scores(weightSum > 0 ? weightedLoss / weightSum : Double.NaN, confusion.pixelAccuracy(),
			confusion.iou(1), detection == null ? Double.NaN : detection.f1());
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
