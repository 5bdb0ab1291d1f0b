package org.unetfiji.training;

import java.util.Locale;

/**
 * One row of the training log, written at every validation interval; NaN where a value does not apply.
 *
 * @param step steps done
 * @param seconds training time so far
 * @param learningRate rate of the last step
 * @param trainLoss mean training loss since the previous row
 * @param validationLoss weighted loss on the validation images
 * @param pixelAccuracy fraction of annotated validation pixels whose foreground/background is right
 * @param foregroundIoU foreground IoU on the validation images
 * @param f1 instance F1 at IoU 0.5 on the validation images
 */
public record LogRow(int step, double seconds, double learningRate, double trainLoss, double validationLoss,
	double pixelAccuracy, double foregroundIoU, double f1) {

	static final String HEADER = "step,seconds,learning_rate,train_loss,validation_loss,pixel_accuracy,foreground_iou,instance_f1";

	String toCsv() {
		return String.format(Locale.ROOT, "%d,%.1f,%.6g,%.5f,%.5f,%.4f,%.4f,%.4f", step, seconds, learningRate,
			trainLoss, validationLoss, pixelAccuracy, foregroundIoU, f1);
	}

	static LogRow fromCsv(String line) {
		String[] f = line.split(",");
		if (f.length != 8) throw new IllegalArgumentException("damaged training log line: " + line);
		return new LogRow(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
			Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
			Double.parseDouble(f[7]));
	}
}
