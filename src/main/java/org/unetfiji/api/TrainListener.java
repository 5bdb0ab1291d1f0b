package org.unetfiji.api;

import java.util.List;
import java.util.Locale;

import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.training.LogRow;

/**
 * What a training run reports: the device, what it trains, progress by steps ({@link #progress}), the log rows
 * as they are written, and the result. The lines handed over are those {@code ./unet train} prints.
 */
public interface TrainListener extends ProgressListener {

	/** The device training runs on, and what was asked for (for {@code device=auto}, the device says why no GPU). */
	default void device(Device device, DeviceChoice choice) {}

	/**
	 * Training begins: {@code training U-Net 2D ... on 2 image(s), validating on 1; ...} (the report's first
	 * line).
	 */
	default void started(String line) {}

	/**
	 * Training goes on from the checkpoint of an earlier run: {@code resuming from the checkpoint at step ...}.
	 *
	 * @param log the rows logged up to that checkpoint, for a learning curve
	 */
	default void resumed(String line, List<LogRow> log) {}

	/**
	 * A validation interval ended and its row was written to the log.
	 *
	 * @param seconds wall time of this run so far
	 */
	default void logged(LogRow row, double seconds) {}

	/** The model is written. */
	default void finished(TrainResult result) {}

	/** The line {@code ./unet train} prints for a log row: step, losses and scores, and the run's time so far. */
	static String describe(LogRow row, double seconds) {
		if (Double.isNaN(row.validationLoss())) return String.format(Locale.ROOT,
			"step %d  loss %.4f  (no validation images)  (%.0f s)", row.step(), row.trainLoss(), seconds);
		String boundary = Double.isNaN(row.boundaryF1()) ? ""
			: String.format(Locale.ROOT, "  boundary F1 %.3f", row.boundaryF1());
		return String.format(Locale.ROOT,
			"step %d  loss %.4f  validation loss %.4f  accuracy %.3f  " + "foreground IoU %.3f  F1 %.3f%s  (%.0f s)",
			row.step(), row.trainLoss(), row.validationLoss(), row.pixelAccuracy(), row.foregroundIoU(), row.f1(),
			boundary, seconds);
	}
}
