package org.unetfiji.fiji;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.unetfiji.device.DeviceChoice;

/**
 * Segments an image file or every TIFF/PNG image in a folder into an output folder, exactly as
 * {@code ./unet segment}: {@code NAME.probabilities.tif}, {@code NAME.labels.tif} and {@code NAME.overlay.png} per
 * image; a file that cannot be segmented is reported and skipped.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>U-Net>U-Net Batch Segment",
	description = "Segment a folder of images with a U-Net model")
public class UNetBatchSegment extends UNetCommand {

	@Parameter(label = "Model", description = "a model name from the models folder, or the path of a model folder or .zip",
		required = false, persist = false)
	private String model;

	@Parameter(label = "Input", description = "an image file, or a folder of TIFF/PNG images", required = false,
		persist = false, style = FileWidget.DIRECTORY_STYLE)
	private File input;

	@Parameter(label = "Output", description = "the folder for the results (not the input folder)",
		required = false, persist = false, style = FileWidget.DIRECTORY_STYLE)
	private File output;

	@Parameter(label = "device", description = "auto, cpu, gpu or gpu:N (auto: a GPU when one is usable)",
		required = false, persist = false)
	private String device = DeviceChoice.AUTO.toString();

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Override
	protected void execute() throws Exception {
		report = CommandLineCall.run("segment", CommandLineCall.keys("model", ModelFolder.resolve(required("model",
			model, "a model name or path")), "input", required("input", input, "an image file or a folder of images"),
			"output", required("output", output, "a folder for the results"), DeviceChoice.KEY, device), status, log);
	}
}
