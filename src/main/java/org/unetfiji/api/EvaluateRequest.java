package org.unetfiji.api;

import java.nio.file.Path;
import java.util.OptionalLong;

import org.unetfiji.evaluation.Evaluation;
import org.unetfiji.evaluation.FilePairing;

/**
 * Measure a segmentation against ground truth: {@code prediction=} and {@code truth=} are each a label file, a folder
 * whose images pair by name, or an image in memory.
 *
 * @param prediction the segmentation
 * @param truth the ground truth
 * @param output a CSV file (or a folder for {@value #CSV_NAME}) for every metric; {@code null} for none
 * @param settings metrics, ignore value and IoU threshold
 */
public record EvaluateRequest(FilePairing.Side prediction, FilePairing.Side truth, Path output,
	Evaluation.Settings settings) {

	/** The CSV's name in an output folder, and in the working folder when {@code ./unet} is given no output. */
	public static final String CSV_NAME = "metrics.csv";

	/** The {@code key=value} defaults: {@code metrics=auto ignore=none threshold=0.5}. */
	public static final Evaluation.Settings DEFAULTS = new Evaluation.Settings(Evaluation.Metric.parse("auto"),
		OptionalLong.empty(), 0.5);

	public EvaluateRequest {
		if (prediction == null || truth == null || settings == null)
			throw new IllegalArgumentException("an evaluation needs a prediction, a truth and settings");
	}
}
