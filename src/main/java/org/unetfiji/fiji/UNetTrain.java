package org.unetfiji.fiji;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Trains a new U-Net on a folder of images and a folder of label images with the same file names, exactly as
 * {@code ./unet train}, and writes the model package to a new folder.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>U-Net>U-Net Train",
	description = "Train a new U-Net model on image/label pairs")
public class UNetTrain extends UNetCommand {

	@Parameter(label = "Images", description = "folder of training images", required = false, persist = false,
		style = FileWidget.DIRECTORY_STYLE)
	private File images;

	@Parameter(label = "Labels", description = "folder of label images with the images' file names (0 = first " +
		"class, any other value the second)", required = false, persist = false, style = FileWidget.DIRECTORY_STYLE)
	private File labels;

	@Parameter(label = "Output", description = "a new folder for the model package", required = false,
		persist = false, style = FileWidget.DIRECTORY_STYLE)
	private File output;

	@Parameter(label = "Name", description = "model name (default: the output folder's name)", required = false,
		persist = false)
	private String name;

	@Parameter(label = "Depth", description = "number of poolings", min = "0", max = "6", persist = false)
	private int depth = 4;

	@Parameter(label = "Filters", description = "filters of the first level", min = "1", max = "256",
		persist = false)
	private int filters = 16;

	@Parameter(label = "Steps", description = "training steps", min = "1", persist = false)
	private int steps = 500;

	@Parameter(label = "Tile", description = "tile size: one size, or z,y,x", persist = false)
	private String tile = "128";

	@Parameter(label = "Batch", description = "tiles per step", min = "1", persist = false)
	private int batch = 2;

	@Parameter(label = "Learning rate", description = "Adam step size", persist = false)
	private double lr = 0.001;

	@Parameter(label = "Seed", description = "seed of weights and tile sampling", min = "0", persist = false)
	private int seed = 1;

	@Parameter(label = "Classes", description = "the two class names, comma-separated", persist = false)
	private String classes = "background,foreground";

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Override
	protected void execute() throws Exception {
		Map<String, Object> keys = new LinkedHashMap<>();
		keys.put("images", required("images", images, "a folder of training images"));
		keys.put("labels", required("labels", labels, "a folder of label images"));
		keys.put("output", required("output", output, "a new folder for the model"));
		keys.put("name", name == null || name.isBlank() ? null : name.strip());
		keys.put("depth", depth);
		keys.put("filters", filters);
		keys.put("steps", steps);
		keys.put("tile", tile);
		keys.put("batch", batch);
		keys.put("lr", lr);
		keys.put("seed", seed);
		keys.put("classes", classes);
		report = CommandLineCall.run("train", keys, status, log);
	}
}
