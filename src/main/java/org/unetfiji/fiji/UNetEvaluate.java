package org.unetfiji.fiji;

import java.io.File;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.unetfiji.api.EvaluateListener;
import org.unetfiji.api.EvaluateRequest;
import org.unetfiji.api.EvaluateTask;
import org.unetfiji.evaluation.Evaluation;
import org.unetfiji.evaluation.FilePairing;
import org.unetfiji.evaluation.LabelSource;
import org.unetfiji.image.ImagePlusBridge;

import ij.measure.ResultsTable;

/**
 * Measures a segmentation against ground truth with the metrics of {@code ./unet evaluate}: two open images, or
 * two files, or two folders whose images pair by name. The metrics of each pair and overall go to the results
 * table {@value #TABLE} (shown where ImageJ shows windows) and optionally to a CSV file.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>U-Net>U-Net Evaluate",
	description = "Measure a segmentation against ground truth")
public class UNetEvaluate extends UNetCommand {

	/** The title of the results table. */
	public static final String TABLE = "U-Net Evaluation";

	@Parameter(label = "Prediction",
		description = "the segmentation: an open image, a file, or a " +
			"folder (NAME.labels.tif, NAME.instances.tif or NAME.tif for truth NAME)",
		required = false, persist = false, style = ImageOrPath.FILE_OR_FOLDER)
	private String prediction;

	@Parameter(label = "Truth", description = "the ground truth: an open image, a file, or a folder", required = false,
		persist = false, style = ImageOrPath.FILE_OR_FOLDER)
	private String truth;

	@Parameter(label = "Output", description = "a CSV file for every metric (optional)", required = false,
		persist = false, style = FileWidget.SAVE_STYLE)
	private File output;

	@Parameter(label = "Metrics",
		description = "auto, or a comma-separated list of semantic, foreground, " + "instance, membrane, dense",
		persist = false)
	private String metrics = "auto";

	@Parameter(label = "Ignore", description = "none, or the truth value of unannotated pixels", persist = false)
	private String ignore = "none";

	@Parameter(label = "Threshold", description = "IoU above which objects match", min = "0", max = "0.999",
		persist = false)
	private double threshold = 0.5;

	@Parameter(label = TABLE, type = ItemIO.OUTPUT)
	private ResultsTable table;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Override
	protected void execute() throws Exception {
		String predictionValue = required("prediction", prediction, "the title of an open image, a file or a folder");
		String truthValue = required("truth", truth, "the title of an open image, a file or a folder");
		Evaluation.Settings settings = new Evaluation.Settings(Evaluation.Metric.parse(metrics), ignoredValue(),
			threshold);
		FilePairing.Side truthSide = side("truth", truthValue);
		Path csv = output != null && !output.getPath().isBlank() ? output.toPath() : null;
		EvaluateRequest request = new EvaluateRequest(side("prediction", predictionValue), truthSide, csv, settings);
		EvaluateTask.Result result = EvaluateTask.run(request, new EvaluateListener() {

			@Override
			public void paired(FilePairing.Result pairing) {
				pairing.truthWithoutPrediction()
					.forEach(image -> log.warn("U-Net Evaluate: no prediction for truth " + image.fileName()));
			}

			@Override
			public void evaluating(int index, int total, FilePairing.Pair pair) {
				status.showStatus(index + 1, total, "U-Net: evaluating " + pair.name());
			}
		}, this::stopRequested);
		Evaluation.Report evaluation = result.report();
		if (result.evaluated() == 0) throw new IllegalArgumentException(evaluation.failures().get(0).message());
		evaluation.failures().forEach(
			failure -> log.warn("U-Net Evaluate: skipped " + failure.pair().name() + ": " + failure.message()));
		table = evaluation.table().toResultsTable();
		table.show(TABLE);
		report = evaluation.summary();
		if (result.csv() != null) report += "all metrics in " + result.csv();
	}

	/** An open image as it is in memory, else a file or folder. */
	private static FilePairing.Side side(String key, String value) {
		ImageOrPath image = ImageOrPath.of(key, value);
		return image.path() != null ? FilePairing.Side.of(image.path())
			: FilePairing.Side.of(new LabelSource.InMemory(ImagePlusBridge.wrap(image.image())));
	}

	private OptionalLong ignoredValue() {
		String value = ignore == null ? "" : ignore.strip();
		if (value.isEmpty() || value.equals("none")) return OptionalLong.empty();
		try {
			return OptionalLong.of(Long.parseLong(value));
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("ignore=" + value + " is neither none nor a whole number");
		}
	}
}
