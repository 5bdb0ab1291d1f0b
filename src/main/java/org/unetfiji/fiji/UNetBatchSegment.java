package org.unetfiji.fiji;

import java.io.File;
import java.nio.file.Path;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.unetfiji.api.BatchSegmentRequest;
import org.unetfiji.api.BatchSegmentSummary;
import org.unetfiji.api.BatchSegmentTask;
import org.unetfiji.api.SegmentListener;
import org.unetfiji.api.SegmentRequest;
import org.unetfiji.api.SegmentedFiles;
import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;

/**
 * Segments an image file or every TIFF/PNG image in a folder into an output folder, exactly as
 * {@code ./unet segment}: {@code NAME.probabilities.tif}, {@code NAME.labels.tif} and {@code NAME.overlay.png} per
 * image; a file that cannot be segmented is reported and skipped.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>U-Net>U-Net Batch Segment",
	description = "Segment a folder of images with a U-Net model")
public class UNetBatchSegment extends UNetCommand {

	@Parameter(label = "Model",
		description = "a model name from the models folder, or the path of a model folder or .zip", required = false,
		persist = false, style = ModelFolder.STYLE)
	private String model;

	@Parameter(label = "Input", description = "an image file, or a folder of TIFF/PNG images", required = false,
		persist = false, style = FileWidget.DIRECTORY_STYLE)
	private File input;

	@Parameter(label = "Output", description = "the folder for the results (not the input folder)", required = false,
		persist = false, style = FileWidget.DIRECTORY_STYLE)
	private File output;

	@Parameter(label = "device",
		description = "auto, cpu, gpu or gpu:N (auto: a GPU when one is usable; a macro may give gpu:N)",
		choices = { "auto", "cpu", "gpu" }, required = false, persist = false)
	private String device = DeviceChoice.AUTO.toString();

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Override
	protected void execute() throws Exception {
		Path modelPath = ModelFolder.resolve(required("model", model, "a model name or path"));
		Path in = required("input", input, "an image file or a folder of images").toPath();
		Path out = required("output", output, "a folder for the results").toPath();
		BatchSegmentRequest request = new BatchSegmentRequest(
			SegmentRequest.defaults(modelPath).withDevice(DeviceChoice.parse(device)), in, out);
		StringBuilder lines = new StringBuilder();
		BatchSegmentSummary summary = BatchSegmentTask.run(request, new SegmentListener() {
			@Override
			public void loaded(String modelName, String engineName, Device onDevice, DeviceChoice choice) {
				onDevice.logLines(choice).forEach(log::info);
			}

			@Override
			public void started(int index, int count, Path file) {
				String line = "[" + index + "/" + count + "] " + file.getFileName();
				log.info(line);
				status.showStatus(index, count, line);
			}

			@Override
			public void note(String message) {
				log.info("  " + message);
			}

			@Override
			public void plan(String plan) {
				log.info("  " + plan);
			}

			@Override
			public void tiles(long done, long total, double secondsLeft) {
				status.showProgress((int) done, (int) total);
			}

			@Override
			public void segmented(SegmentedFiles files) {
				lines.append("  ").append(files.describe()).append('\n');
			}

			@Override
			public void skipped(Path file, String reason) {
				log.info("  skipped " + file.getFileName() + ": " + reason);
			}
		}, this::stopRequested);
		report = lines.append(summary.describe()).toString().strip();
		if (!summary.complete()) log.warn("unet segment: " + summary.describe());
	}
}
