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
 * @param boundaryF1 pixel F1 of the boundary class on the validation images (boundary targets)
 */
public record LogRow(int step, double seconds, double learningRate, double trainLoss, double validationLoss,
	double pixelAccuracy, double foregroundIoU, double f1, double boundaryF1) {

	static final String HEADER = "step,seconds,learning_rate,train_loss,validation_loss,pixel_accuracy,foreground_iou," +
		"instance_f1,boundary_f1";

	/** A row without a boundary score (foreground targets). */
	public LogRow(int step, double seconds, double learningRate, double trainLoss, double validationLoss,
		double pixelAccuracy, double foregroundIoU, double f1)
	{
		this(step, seconds, learningRate, trainLoss, validationLoss, pixelAccuracy, foregroundIoU, f1, Double.NaN);
	}

	String toCsv() {
		return String.format(Locale.ROOT, "%d,%.1f,%.6g,%.5f,%.5f,%.4f,%.4f,%.4f,%.4f", step, seconds, learningRate,
			trainLoss, validationLoss, pixelAccuracy, foregroundIoU, f1, boundaryF1);
	}

	/** Reads a row of {@link #HEADER}, or of the 8 columns before there was a boundary F1. */
	static LogRow fromCsv(String line) {
		String[] f = line.split(",");
		if (f.length != 8 && f.length != 9) throw new IllegalArgumentException("damaged training log line: " + line);
		return new LogRow(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
			Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
			Double.parseDouble(f[7]), f.length == 9 ? Double.parseDouble(f[8]) : Double.NaN);
	}
}
