package org.unetfiji.fiji;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.DynamicCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.unetfiji.api.Parameters;
import org.unetfiji.api.SegmentListener;
import org.unetfiji.api.SegmentRequest;
import org.unetfiji.api.SegmentResult;
import org.unetfiji.api.SegmentTask;
import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engines;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.ImagePlusBridge;
import org.unetfiji.inference.TestTimeAugmentation;
import org.unetfiji.inference.tiling.TileSettings;
import org.unetfiji.visualization.Overlay;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;

/**
 * Segments an open image (2D or 3D, with channels and time points) with a model: class probabilities and the
 * most probable class per pixel as new images with the input's calibration, and optionally an overlay picture and
 * the objects in the ROI Manager. The input image is not changed. A dynamic command, so that its engine choices come
 * from the engine registry; it runs as every {@link UNetCommand} does.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>U-Net>U-Net Segment",
	description = "Segment the current image with a U-Net model")
public class UNetSegment extends DynamicCommand {

	@Parameter
	private StatusService status;

	@Parameter
	private LogService log;

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Model",
		description = "a model name from the models folder, or the path of a model folder or .zip", required = false,
		persist = false, initializer = "initModelChoices", callback = "describeModel")
	private String model;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String modelDescription = "";

	@Parameter(label = "Overlay", description = "also make an overlay picture of the segmentation", required = false,
		persist = false)
	private boolean overlay;

	@Parameter(label = "ROI Manager", description = "also put the objects into the ROI Manager (2D images)",
		required = false, persist = false)
	private boolean roiManager;

	@Parameter(label = "tile", description = "auto, none, N or z,y,x: tile size", required = false, persist = false)
	private String tile = "auto";

	@Parameter(label = "overlap", description = "auto, N or z,y,x: overlap of neighbouring tiles", required = false,
		persist = false)
	private String overlap = "auto";

	@Parameter(label = "batch", description = "auto or N: tiles per engine call", required = false, persist = false)
	private String batch = "auto";

	@Parameter(label = "blend", description = "gaussian or none", choices = { "gaussian", "none" }, required = false,
		persist = false)
	private String blend = "gaussian";

	@Parameter(label = "min-size",
		description = "smallest instance kept, in voxels (0: as the model records, else all)", required = false,
		persist = false, min = "0")
	private int minSize;

	@Parameter(label = "post-processing",
		description = "over the model's post-processing, as ./unet segment takes them, e.g. instances=watershed " +
			"seed-distance=6 (instances=components|watershed|boundaries; see the documentation)",
		required = false, persist = false)
	private String postprocessing = "";

	@Parameter(label = "engine", description = "auto (from the model's weights) or an engine, e.g. tensorflow or onnx",
		initializer = "initEngineChoices", required = false, persist = false)
	private String engine = Engines.AUTO;

	@Parameter(label = "device", description = "auto, cpu, gpu or gpu:N (auto: a GPU when one is usable)",
		initializer = "initDeviceChoices", required = false, persist = false)
	private String device = DeviceChoice.AUTO.toString();

	@Parameter(label = "tta", description = "test-time augmentation: none, flips or d4 (flips and rotations, averaged)",
		choices = { "none", "flips", "d4" }, required = false, persist = false)
	private String tta = TestTimeAugmentation.NONE.toString();

	@Parameter(label = "threshold", description = "auto (as the model records; 0.5 for a model whose outputs are " +
		"probabilities) or P: foreground where its probability exceeds P", required = false, persist = false)
	private String threshold = "auto";

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus probabilities;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus labels;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus instances;

	@Parameter(type = ItemIO.OUTPUT, required = false)
	private ImagePlus picture;

	/** The last model choice: a model folder or .zip chosen in a file dialog. */
	public static final String FROM_FILE = "from file…";

	/** The engine choices from the engine registry, so that an added engine is offered without a change here. */
	protected void initEngineChoices() {
		getInfo().getMutableInput("engine", String.class).setChoices(Engines.choices());
	}

	/**
	 * The installed models, then {@link #FROM_FILE}; described is the given model, else the first, which a dialog
	 * shows first (without a dialog, no model stays an error).
	 */
	protected void initModelChoices() {
		List<String> installed = ModelFolder.locator().availableModels();
		List<String> choices = new ArrayList<>(installed);
		choices.add(FROM_FILE);
		getInfo().getMutableInput("model", String.class).setChoices(choices);
		modelDescription = ModelFolder.describe(model != null || installed.isEmpty() ? model : installed.get(0));
	}

	/** auto, cpu, gpu, and gpu:N for each GPU that nvidia-smi lists. */
	protected void initDeviceChoices() {
		getInfo().getMutableInput("device", String.class).setChoices(DeviceChoices.found());
	}

	/** Shows the chosen model's description, classes and element size below the model choice. */
	protected void describeModel() {
		modelDescription = ModelFolder.describe(model);
	}

	@Override
	public void run() {
		UNetCommand.run(this, this::execute, status);
	}

	private boolean stopRequested() {
		return UNetCommand.stopRequested(this);
	}

	private void execute() throws Exception {
		if (image == null) throw new IllegalArgumentException("no image to segment: open one first");
		if (FROM_FILE.equals(model)) throw new IllegalArgumentException("model=" + model + ": choose a model file");
		String modelName = UNetCommand.required("model", model, "a model name from the models folder, or a path");
		Hyperstack<?> input = ImagePlusBridge.wrap(image);
		SegmentRequest request = new SegmentRequest(ModelFolder.resolve(modelName),
			TileSettings.parse(tile, overlap, batch, blend),
			minSize == 0 ? OptionalInt.empty() : OptionalInt.of(minSize), engine, DeviceChoice.parse(device),
			TestTimeAugmentation.parse(tta), true, postprocessingOptions());
		String title = ImageFiles.baseName(image.getTitle());
		SegmentResult result = SegmentTask.run(request, input, new SegmentListener() {
			@Override
			public void loaded(String modelName, String engineName, Device onDevice, DeviceChoice choice) {
				log.info(
					"U-Net: device " + onDevice.describe() + (onDevice.note() == null ? "" : "; " + onDevice.note()));
				status.showStatus("U-Net: segmenting " + image.getTitle() + " with " + modelName + " on " + engineName +
					", " + onDevice.describe());
			}

			@Override
			public void tiles(long done, long total, double secondsLeft) {
				status.showProgress((int) done, (int) total);
			}

			@Override
			public void note(String message) {
				log.info("U-Net: " + message);
			}
		}, this::stopRequested);
		probabilities = ImagePlusBridge.toImagePlus(result.probabilities());
		probabilities.setTitle(title + " probabilities");
		nameChannels(probabilities, result.classNames());
		probabilities.setDisplayRange(0, 1);
		labels = ImagePlusBridge.toImagePlus(result.labels());
		labels.setTitle(title + " labels");
		labels.setDisplayRange(0, result.classNames().size() - 1);
		instances = ImagePlusBridge.toImagePlus(result.instances());
		instances.setTitle(title + " instances");
		if (roiManager) addToRoiManager(instances);
		if (overlay)
			picture = new ImagePlus(title + " overlay", Overlay.render(input, result.labels(), result.instances()));
	}

	/**
	 * The post-processing words ({@code instances=watershed seed-distance=6}) as {@code ./unet segment} reads them, and
	 * the threshold field.
	 */
	private Map<String, Object> postprocessingOptions() {
		String words = postprocessing == null ? "" : postprocessing.strip();
		Parameters parameters = Parameters.parse(words.isEmpty() ? new String[0] : words.split("\\s+"));
		Map<String, Object> options = SegmentRequest.postprocessingOptions(parameters);
		parameters.checkAllUsed();
		SegmentRequest.threshold(threshold == null || threshold.isBlank() ? "auto" : threshold.trim())
			.ifPresent(value -> options.put(SegmentRequest.THRESHOLD, value));
		return options;
	}

	/** Puts the objects into the ROI Manager: of 2D images only, and not headless, where there is none. */
	private void addToRoiManager(ImagePlus objects) {
		if (GraphicsEnvironment.isHeadless())
			log.warn("U-Net Segment: roi-manager skipped: there is no ROI Manager " + "headless");
		else if (objects.getStackSize() > 1)
			log.warn("U-Net Segment: roi-manager skipped: it takes the objects of 2D " + "images only");
		else {
			RoiManager manager = RoiManager.getRoiManager();
			for (Roi roi : InstanceRois.of(objects.getProcessor()))
				manager.addRoi(roi);
		}
	}

	/** Labels every plane of the probability image with its class name. */
	private static void nameChannels(ImagePlus imp, List<String> classNames) {
		for (int t = 1; t <= imp.getNFrames(); t++)
			for (int z = 1; z <= imp.getNSlices(); z++)
				for (int c = 1; c <= imp.getNChannels(); c++)
					imp.getStack().setSliceLabel(classNames.get(c - 1), imp.getStackIndex(c, z, t));
	}
}
