package org.unetfiji.service;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.unetfiji.api.SegmentResult;
import org.unetfiji.image.Hyperstack;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Segments any ImgLib2 image of a real type, for SciJava hosts without ImageJ 1.x (scripts with {@code #@ Img},
 * napari-imagej): the results are ImgLib2 images with the axes {@code X, Y, C, Z, T} and the input's calibration.
 * The options are those of U-Net Segment.
 */
@Plugin(type = Command.class, headless = true, label = "U-Net Segment (ImgLib2)",
	description = "Segment an ImgLib2 image with a U-Net model")
public class UNetSegmentImage extends ContextCommand {

	/** The axes taken for 2, 3, 4 and 5 dimensions when none are given. */
	private static final String[] DEFAULT_AXES = { "XY", "XYZ", "XYCZ", "XYCZT" };

	@Parameter
	private UNetService unet;

	@Parameter(label = "Image", required = false)
	private RandomAccessibleInterval<? extends RealType<?>> image;

	@Parameter(label = "Axes", description = "the image's dimensions in order, e.g. XY, XYZ, XYCZT; by default XY, " +
		"XYZ, XYCZ or XYCZT by their number", required = false, persist = false)
	private String axes;

	@Parameter(label = "Voxel size", description = "x,y,z in the unit", required = false, persist = false)
	private String voxelSize = "1,1,1";

	@Parameter(label = "Unit", required = false, persist = false)
	private String unit = Hyperstack.PIXEL_UNIT;

	@Parameter(label = "Model",
		description = "a model name from the models folder, or the path of a model folder " + "or .zip",
		required = false, persist = false)
	private String model;

	@Parameter(label = "tile", required = false, persist = false)
	private String tile = "auto";

	@Parameter(label = "overlap", required = false, persist = false)
	private String overlap = "auto";

	@Parameter(label = "batch", required = false, persist = false)
	private String batch = "auto";

	@Parameter(label = "blend", choices = { "gaussian", "none" }, required = false, persist = false)
	private String blend = "gaussian";

	@Parameter(label = "min-size", required = false, persist = false, min = "0")
	private int minSize;

	@Parameter(label = "engine", required = false, persist = false)
	private String engine = "auto";

	@Parameter(label = "device", required = false, persist = false)
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT)
	private RandomAccessibleInterval<FloatType> probabilities;

	@Parameter(type = ItemIO.OUTPUT)
	private RandomAccessibleInterval<IntType> labels;

	@Parameter(type = ItemIO.OUTPUT)
	private RandomAccessibleInterval<IntType> instances;

	/** Inputs are optional for SciJava, which would cancel silently without them, and checked here instead. */
	@Override
	public void run() {
		if (image == null) throw new IllegalArgumentException("missing parameter image=... (an ImgLib2 image)");
		if (model == null || model.isBlank()) throw new IllegalArgumentException(
			"missing parameter model=... (a model name from the models folder, or a path)");
		double[] voxel;
		try {
			voxel = Arrays.stream(voxelSize.split(",")).mapToDouble(size -> Double.parseDouble(size.strip())).toArray();
		}
		catch (NumberFormatException e) {
			voxel = new double[0];
		}
		if (voxel.length != 3)
			throw new IllegalArgumentException("voxelSize=" + voxelSize + " needs three numbers x,y,z");
		int dims = image.numDimensions();
		String order = axes != null && !axes.isBlank() ? axes : dims < 2 || dims > 5 ? "?" : DEFAULT_AXES[dims - 2];
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("tile", tile);
		options.put("overlap", overlap);
		options.put("batch", batch);
		options.put("blend", blend);
		options.put("min-size", minSize);
		options.put("engine", engine);
		options.put("device", device);
		SegmentResult result;
		try {
			result = unet.segment(unet.image(image, order, voxel, unit, ""), model, options);
		}
		catch (RuntimeException e) {
			throw e;
		}
		catch (Exception e) {
			throw new IllegalStateException(e.getMessage(), e);
		}
		probabilities = result.probabilities().data();
		labels = result.labels().data();
		instances = result.instances().data();
	}
}
