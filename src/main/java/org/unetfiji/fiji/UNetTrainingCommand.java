package org.unetfiji.fiji;

import java.io.File;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

import org.unetfiji.image.ImageFiles;
import org.unetfiji.device.DeviceChoice;

/**
 * The parameters and the work that training a new model ({@link UNetTrain}) and finetuning one
 * ({@link UNetFinetune}) share: {@code ./unet train} on a folder of images and a folder of labels with the same
 * file names, or on an open image and its open label image; the model package goes to a new folder. Where ImageJ
 * shows windows, the learning curve is drawn live.
 */
public abstract class UNetTrainingCommand extends UNetCommand {

	@Parameter(label = "Images", description = "folder of training images, or the title of an open image",
		required = false, persist = false, style = FileWidget.DIRECTORY_STYLE)
	private File images;

	@Parameter(label = "Labels", description = "folder of label images or ImageJ ROI sets (.zip, .roi) with the " +
		"images' file names, or the title of an open label image", required = false,
		persist = false, style = FileWidget.DIRECTORY_STYLE)
	private File labels;

	@Parameter(label = "Output", description = "a new folder for the model package", required = false,
		persist = false, style = FileWidget.DIRECTORY_STYLE)
	private File output;

	@Parameter(label = "Name", description = "model name (default: the output folder's name)", required = false,
		persist = false)
	private String name;

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

	@Parameter(label = "device", description = "auto, cpu, gpu or gpu:N (auto: a GPU when one is usable)",
		required = false, persist = false)
	private String device = DeviceChoice.AUTO.toString();

	@Parameter(label = "label-type", description = "auto, instances (object ids), binary (objects are the " +
		"connected components) or classes (class masks)", choices = { "auto", "instances", "binary", "classes" },
		persist = false)
	private String labelType = "auto";

	@Parameter(label = "ignore", description = "none, or the label value of unannotated pixels (sparse annotation)",
		persist = false)
	private String ignore = "none";

	@Parameter(label = "weights", description = "auto (border; balance for classes), border, balance or none",
		choices = { "auto", "border", "balance", "none" }, persist = false)
	private String weights = "auto";

	@Parameter(label = "augment", description = "flips, rotations and elastic deformation of the training tiles",
		persist = false)
	private boolean augment = true;

	@Parameter(label = "minutes", description = "time limit of the training (0: none)", min = "0", persist = false)
	private double minutes;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	/** Adds the keys that choose the network: a new one's size, or the model to finetune. */
	protected abstract void putNetworkKeys(Map<String, Object> keys) throws Exception;

	@Override
	protected final void execute() throws Exception {
		String imagesValue = required("images", images, "a folder of training images").getPath();
		String labelsValue = required("labels", labels, "a folder of label images").getPath();
		File model = required("output", output, "a new folder for the model");
		try (ImageArguments arguments = new ImageArguments()) {
			String pairName = ImageFiles.baseName(new File(imagesValue).getName());
			Map<String, Object> keys = CommandLineCall.keys("images", arguments.folder("images", imagesValue, pairName),
				"labels", arguments.folder("labels", labelsValue, pairName), "output", model, "name", name == null || name
					.isBlank() ? null : name.strip(), "steps", steps, "tile", tile, "batch", batch, "lr", lr, "seed", seed,
				"classes", classes, DeviceChoice.KEY, device, "label-type", labelType, "ignore", ignore, "weights",
				weights, "augment", augment, "minutes", minutes);
			putNetworkKeys(keys);
			LiveLearningCurve curve = new LiveLearningCurve(model.toPath());
			report = CommandLineCall.run("train", keys, status, log, curve::progress);
			curve.update();
		}
	}
}
