package org.unetfiji.fiji;

import java.io.File;
import java.nio.file.Path;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.unetfiji.api.TrainTargets;
import org.unetfiji.api.WeightMapListener;
import org.unetfiji.api.WeightMapRequest;
import org.unetfiji.api.WeightMapTask;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.ImagePlusBridge;
import org.unetfiji.training.LabelKind;
import org.unetfiji.training.RoiLabels;
import org.unetfiji.training.TargetSettings;
import org.unetfiji.training.weights.WeightMapSettings;

import ij.ImagePlus;
import ij.WindowManager;

/**
 * The loss weight map that training would use for a label image, exactly as {@code ./unet weightmap}: a new
 * 32-bit image with the label image's calibration, optionally also saved as TIFF.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>U-Net>U-Net Weight Map",
	description = "Show the loss weight map of a label image")
public class UNetWeightMap extends UNetCommand {

	private static final WeightMapSettings DEFAULTS = WeightMapSettings.defaults();

	@Parameter(label = "Labels",
		description = "the label image: the title of an open image or a file; empty for " + "the current image",
		required = false, persist = false)
	private String labels;

	@Parameter(label = "Output", description = "a TIFF file for the weight map (optional)", required = false,
		persist = false, style = FileWidget.SAVE_STYLE)
	private File output;

	@Parameter(label = "Label type", description = "auto, instances, binary or classes",
		choices = { "auto", "instances", "binary", "classes" }, persist = false)
	private String labelType = "auto";

	@Parameter(label = "Ignore", description = "none, or the label value of unannotated pixels", persist = false)
	private String ignore = "none";

	@Parameter(label = "Weights", description = "auto (border; balance for classes), border, balance or none",
		choices = { "auto", "border", "balance", "none" }, persist = false)
	private String weights = "auto";

	@Parameter(label = "Border weight", description = "w0: weight of the gaps between touching objects", min = "0",
		persist = false)
	private double borderWeight = DEFAULTS.w0();

	@Parameter(label = "Border sigma", description = "σ of the border weight, in pixels", persist = false)
	private double borderSigma = DEFAULTS.sigma();

	@Parameter(label = "Background weight", description = "v_bal: weight of the background", min = "0", max = "1",
		persist = false)
	private double backgroundWeight = DEFAULTS.vBal();

	@Parameter(label = "Near sigma", description = "σ1 of the weight near objects, in pixels", persist = false)
	private double nearSigma = DEFAULTS.sigma1();

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus weightMap;

	@Override
	protected void execute() throws Exception {
		ImageOrPath labelImage = labels == null || labels.isBlank() ? new ImageOrPath(currentImage(), null)
			: ImageOrPath.of("labels", labels.strip());
		TargetSettings targets = new TrainTargets(LabelKind.parse(labelType), TrainTargets.weights(weights),
			TrainTargets.ignore(ignore), borderWeight, borderSigma, backgroundWeight, nearSigma)
			.resolve(RoiLabels.Content.NONE);
		Path target = output != null && !output.getPath().isBlank() ? output.toPath() : null;
		WeightMapRequest request = labelImage.path() != null ? WeightMapRequest.of(labelImage.path(), target, targets)
			: WeightMapRequest.of(ImagePlusBridge.wrap(labelImage.image()), target, targets);
		Hyperstack<?> map = WeightMapTask.run(request, new WeightMapListener() {

			@Override
			public void status(String message) {
				status.showStatus("U-Net: " + message);
			}

			@Override
			public void written(Path file) {
				log.info("U-Net Weight Map: written to " + file);
			}
		}, this::stopRequested);
		weightMap = ImagePlusBridge.toImagePlus(map);
		weightMap.setTitle(ImageFiles.baseName(map.name()) + " weights");
	}

	private static ImagePlus currentImage() {
		ImagePlus current = WindowManager.getCurrentImage();
		if (current == null) throw new IllegalArgumentException(
			"missing parameter labels=... (the title of an open label image, or a file); no image is open");
		return current;
	}
}
