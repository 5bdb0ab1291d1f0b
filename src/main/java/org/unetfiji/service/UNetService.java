package org.unetfiji.service;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import org.scijava.app.AppService;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;
import org.unetfiji.api.SegmentListener;
import org.unetfiji.api.SegmentRequest;
import org.unetfiji.api.SegmentResult;
import org.unetfiji.api.SegmentTask;
import org.unetfiji.api.SegmentedFiles;
import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.model.ModelLocator;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * U-Net segmentation of ImgLib2 images for scripts and SciJava applications, with or without ImageJ 1.x:
 * <pre>
 * #@ UNetService unet
 * result = unet.segment(image, "XYZ", "nuclei-3d", ["min-size": 50])
 * labels = result.labels().data()
 * </pre>
 * Options are the {@code key=value} parameters of {@code ./unet segment} (see {@link SegmentRequest#of}).
 * The image may be any {@link RandomAccessibleInterval} of a real type; a lazily loaded or computed one is read plane
 * by plane as the tiles need it, and {@link #segment(Hyperstack, String, Map, Path)} writes the results plane by
 * plane, so an image larger than memory never has to be held.
 */
@Plugin(type = Service.class)
public class UNetService extends AbstractService implements SciJavaService {

	@Parameter(required = false)
	private AppService apps;

	@Parameter(required = false)
	private LogService log;

	/**
	 * The installed models: {@code models/} in the application's folder (Fiji's), or in the folder named by the
	 * system property {@code unet.home}, else in the working folder.
	 */
	public ModelLocator models() {
		File base = apps == null ? null : apps.getApp().getBaseDirectory();
		return ModelLocator.installed(base == null ? Path.of("") : base.toPath());
	}

	/**
	 * An ImgLib2 image with its axes and calibration, as the other methods take it; no pixel is copied.
	 *
	 * @param axes the image's dimensions in order: X, Y and any of C, Z, T, e.g. {@code "XYZ"}
	 * @param voxelSize {@code {x, y, z}} in {@code unit}
	 * @param name the base of the output file names
	 */
	public Hyperstack<?> image(RandomAccessibleInterval<? extends RealType<?>> image, String axes, double[] voxelSize,
		String unit, String name)
	{
		return Hyperstack.of(image, axes, voxelSize, unit, name);
	}

	/** Segments an uncalibrated image in memory (see {@link #segment(Hyperstack, String, Map)}). */
	public SegmentResult segment(RandomAccessibleInterval<? extends RealType<?>> image, String axes, String model,
		Map<String, ?> options) throws Exception
	{
		return segment(image(image, axes, new double[]{ 1, 1, 1 }, Hyperstack.PIXEL_UNIT, ""), model, options);
	}

	/**
	 * Segments an image into images in memory (axes {@code X, Y, C, Z, T}) with its calibration.
	 *
	 * @param model a model name from the models folder, or the path of a model folder or .zip
	 * @param options {@code key=value} options, e.g. {@code {"tile": "256", "min-size": 50}}
	 */
	public SegmentResult segment(Hyperstack<?> image, String model, Map<String, ?> options) throws Exception {
		return SegmentTask.run(request(model, options), image, logger(), () -> false);
	}

	/**
	 * Segments an image into files in {@code output}, named after the image as {@code ./unet segment} names them,
	 * writing each result plane as soon as it is computed.
	 */
	public SegmentedFiles segment(Hyperstack<?> image, String model, Map<String, ?> options, Path output)
		throws Exception
	{
		return SegmentTask.run(request(model, options), image, output, logger(), () -> false);
	}

	private SegmentRequest request(String model, Map<String, ?> options) throws Exception {
		return SegmentRequest.of(models().resolve(model), options);
	}

	/** Device and notes into the log, when there is a log service. */
	private SegmentListener logger() {
		return new SegmentListener() {
			@Override
			public void loaded(String modelName, String engine, Device device, DeviceChoice choice) {
				note(modelName + " on " + engine + ", " + device.describe() +
					(device.note() == null ? "" : "; " + device.note()));
			}

			@Override
			public void plan(String plan) {
				note(plan);
			}

			@Override
			public void note(String message) {
				if (log != null) log.info("U-Net: " + message);
			}
		};
	}
}
