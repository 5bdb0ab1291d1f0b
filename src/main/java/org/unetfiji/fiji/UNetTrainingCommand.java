package org.unetfiji.fiji;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;
import org.unetfiji.api.TrainListener;
import org.unetfiji.api.TrainRequest;
import org.unetfiji.api.TrainResult;
import org.unetfiji.api.TrainTargets;
import org.unetfiji.api.TrainTask;
import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.ImagePlusBridge;
import org.unetfiji.training.LabelKind;
import org.unetfiji.training.LogRow;
import org.unetfiji.training.TrainingData;

import ij.ImagePlus;

/**
 * The parameters and the work that training a new model ({@link UNetTrain}) and finetuning one
 * ({@link UNetFinetune}) share: {@link TrainTask}, as {@code ./unet train}, on a folder of images and a folder of
 * labels with the same file names, or on an open image and its open label image, which are used in memory (not
 * written anywhere); the model package goes to a new folder. Where ImageJ shows windows, the learning curve is
 * drawn live.
 */
public abstract class UNetTrainingCommand extends UNetCommand {

	/** The defaults of {@code ./unet train}, which the dialog starts from (a request for no data, never run). */
	static final TrainRequest DEFAULTS = TrainRequest
		.builder(new TrainRequest.Folders(Path.of(""), Path.of("")), Path.of("")).build();

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String dataHelp = "images and labels: an open image and its open label image, or two folders of " +
		"files with the same names (folder…)";

	@Parameter(label = "Images", description = "an open image, or a folder of training images", required = false,
		persist = false, style = ImageOrPath.FOLDER)
	private String images;

	@Parameter(label = "Labels",
		description = "the open label image of the image, or a folder of label images or ImageJ ROI sets " +
			"(.zip, .roi) with the images' file names",
		required = false, persist = false, style = ImageOrPath.FOLDER)
	private String labels;

	@Parameter(label = "Output", description = "a new folder for the model package", required = false, persist = false,
		style = FileWidget.DIRECTORY_STYLE)
	private File output;

	@Parameter(label = "Name", description = "model name (default: the output folder's name)", required = false,
		persist = false)
	private String name;

	@Parameter(label = "Steps", description = "training steps; 0 with minutes > 0: train for the whole time", min = "0",
		persist = false)
	private int steps = TrainRequest.DEFAULT_STEPS;

	@Parameter(label = "Tile", description = "tile size: one size, or z,y,x", persist = false)
	private String tile = "128";

	@Parameter(label = "Batch", description = "tiles per step", min = "1", persist = false)
	private int batch = DEFAULTS.batch();

	@Parameter(label = "Learning rate", description = "Adam step size", persist = false)
	private double lr = DEFAULTS.lr();

	@Parameter(label = "Seed", description = "seed of weights and tile sampling", min = "0", persist = false)
	private int seed = (int) DEFAULTS.seed();

	@Parameter(label = "Classes", description = "the two class names, comma-separated", persist = false)
	private String classes = String.join(",", DEFAULTS.classes());

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String advancedHeading = "Advanced (the defaults are those of ./unet train; see docs/training.md)";

	@Parameter(label = "device",
		description = "auto, cpu, gpu or gpu:N (auto: a GPU when one is usable; a macro may give gpu:N)",
		choices = { "auto", "cpu", "gpu" }, required = false, persist = false)
	private String device = DeviceChoice.AUTO.toString();

	@Parameter(label = "label-type",
		description = "auto, instances (object ids), binary (objects are the " +
			"connected components), classes (class masks) or dense (cells filling the image: boundary target)",
		choices = { "auto", "instances", "binary", "classes", "dense" }, persist = false)
	private String labelType = "auto";

	@Parameter(label = "ignore", description = "none, or the label value of unannotated pixels (sparse annotation)",
		persist = false)
	private String ignore = "none";

	@Parameter(label = "weights", description = "auto (border; balance for classes), border, balance or none",
		choices = { "auto", "border", "balance", "none" }, persist = false)
	private String weights = "auto";

	@Parameter(label = "augment", description = "flips, rotations and elastic deformation of the training tiles",
		persist = false)
	private boolean augment = DEFAULTS.augment();

	@Parameter(label = "minutes", description = "time limit of the training (0: none)", min = "0", persist = false)
	private double minutes = DEFAULTS.minutes();

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	/** Sets what chooses the network: a new one's size, or the model to finetune. */
	protected abstract void chooseNetwork(TrainRequest.Builder request) throws Exception;

	@Override
	protected final void execute() throws Exception {
		String imagesValue = required("images", images, "an open image or a folder of training images");
		String labelsValue = required("labels", labels, "an open label image or a folder of label images");
		File model = required("output", output, "a new folder for the model");
		TrainRequest.Builder request = TrainRequest.builder(annotations(imagesValue, labelsValue), model.toPath())
			.name(name == null || name.isBlank() ? null : name.strip()).steps(steps == 0 && minutes > 0 ? null : steps)
			.tile(TrainRequest.tile(tile)).batch(batch).lr(lr).seed(seed).classes(TrainRequest.classes(classes))
			.device(DeviceChoice.parse(device)).targets(targets()).augment(augment).minutes(minutes);
		chooseNetwork(request);
		LiveLearningCurve curve = new LiveLearningCurve(model.toPath());
		StringBuilder lines = new StringBuilder();
		TrainResult result = TrainTask.run(request.build(), new TrainListener() {

			@Override
			public void device(Device chosen, DeviceChoice choice) {
				chosen.logLines(choice).forEach(UNetTrainingCommand.this::show);
			}

			@Override
			public void started(String line) {
				lines.append(line).append('\n');
			}

			@Override
			public void resumed(String line, List<LogRow> log) {
				lines.append(line).append('\n');
				curve.add(log);
			}

			@Override
			public void progress(long done, long total) {
				status.showProgress((int) done, (int) total);
			}

			@Override
			public void logged(LogRow row, double seconds) {
				show(TrainListener.describe(row, seconds));
				curve.add(List.of(row));
			}
		}, this::stopRequested);
		curve.show(result.training().log());
		report = lines.append(result.summary()).toString();
	}

	/** The images to train on: two open images named by their titles, or files. */
	private static TrainRequest.Annotations annotations(String imagesValue, String labelsValue) {
		ImagePlus image = ImageOrPath.of("images", imagesValue).image();
		ImagePlus label = ImageOrPath.of("labels", labelsValue).image();
		if (image == null && label == null) return new TrainRequest.Folders(Path.of(imagesValue), Path.of(labelsValue));
		if (image == null || label == null) throw new IllegalArgumentException("images=" + imagesValue +
			" and labels=" + labelsValue + " must both be open images, or both files or folders");
		// named as the file it would be saved as, so that the model records the name training from files gives
		return new TrainRequest.InMemory(List.of(new TrainingData.Pair(ImageFiles.baseName(image.getTitle()) + ".tif",
			ImagePlusBridge.wrap(image), ImagePlusBridge.wrap(label))));
	}

	private TrainTargets targets() {
		TrainTargets defaults = TrainTargets.defaults();
		return new TrainTargets(LabelKind.parse(labelType), TrainTargets.weights(weights), TrainTargets.ignore(ignore),
			defaults.borderWeight(), defaults.borderSigma(), defaults.backgroundWeight(), defaults.nearSigma());
	}

	private void show(String line) {
		log.info(line);
		status.showStatus(line);
	}
}
