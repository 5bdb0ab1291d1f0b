package org.unetfiji.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.Objects;
import java.util.OptionalInt;

import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engines;
import org.unetfiji.engine.Precision;
import org.unetfiji.inference.Rescaling;
import org.unetfiji.inference.TestTimeAugmentation;
import org.unetfiji.inference.postprocessing.Postprocessing;
import org.unetfiji.inference.tiling.TileSettings;

/**
 * What to segment with: {@code model=}, {@code tile= overlap= batch= blend=}, {@code min-size=}, {@code engine=},
 * {@code device=}, {@code tta=}, {@code rescale=} and {@code precision=} of {@code ./unet segment}, the U-Net Segment commands and {@link SegmentTask}.
 *
 * @param model the model folder or .zip, already looked up (e.g. with {@code ModelLocator})
 * @param minSize smallest instance kept, in voxels; empty for the model's recorded post-processing (else 0)
 * @param engine {@code auto} or an engine's name
 * @param tta test-time augmentation ({@code tta=none|flips|d4})
 * @param rescale whether an image whose pixel size differs from the model's by more than 10 % is resampled to the
 *            model's for the network ({@code rescale=true}, the default)
 * @param precision the engine's arithmetic ({@code precision=float32}, the default, or {@code bfloat16})
 */
public record SegmentRequest(Path model, TileSettings tiling, OptionalInt minSize, String engine, DeviceChoice device,
	TestTimeAugmentation tta, boolean rescale, Precision precision) {

	public SegmentRequest {
		Objects.requireNonNull(model, "model");
		Objects.requireNonNull(tiling, "tiling");
		Objects.requireNonNull(engine, "engine");
		Objects.requireNonNull(device, "device");
		Objects.requireNonNull(minSize, "minSize");
		Objects.requireNonNull(tta, "tta");
		Objects.requireNonNull(precision, "precision");
		if (minSize.isPresent() && minSize.getAsInt() < 0) throw new IllegalArgumentException(
			"min-size=" + minSize.getAsInt() + " is out of range [0, " + Integer.MAX_VALUE + "]");
	}

	/** A request in float32. */
	public SegmentRequest(Path model, TileSettings tiling, OptionalInt minSize, String engine, DeviceChoice device,
		TestTimeAugmentation tta, boolean rescale)
	{
		this(model, tiling, minSize, engine, device, tta, rescale, Precision.FLOAT32);
	}

	/** A request without test-time augmentation, rescaling where the pixel sizes differ. */
	public SegmentRequest(Path model, TileSettings tiling, OptionalInt minSize, String engine, DeviceChoice device) {
		this(model, tiling, minSize, engine, device, TestTimeAugmentation.NONE, true);
	}

	/**
	 * The defaults: automatic tiles, Gaussian blending, the model's post-processing, engine and device
	 * {@code auto}.
	 */
	public static SegmentRequest defaults(Path model) {
		return new SegmentRequest(model, TileSettings.AUTO, OptionalInt.empty(), Engines.AUTO, DeviceChoice.AUTO);
	}

	/** The post-processing to run: the model's, with the minimum size given here if one is. */
	public Postprocessing postprocessing(Postprocessing recorded) {
		return minSize.isPresent() ? recorded.withMinSize(minSize.getAsInt()) : recorded;
	}

	/** The same request on another device. */
	public SegmentRequest withDevice(DeviceChoice newDevice) {
		return new SegmentRequest(model, tiling, minSize, engine, newDevice, tta, rescale, precision);
	}

	/**
	 * The defaults with options given by their {@code key=value} names ({@code tile overlap batch blend min-size
	 * engine device tta rescale precision}, hyphens optional as in macros), for scripts: {@code {"tile": "256",
	 * "min-size": 50}}. Values are text or numbers.
	 *
	 * @throws IllegalArgumentException for an unknown key or a wrong value, with the command line's message
	 */
	public static SegmentRequest of(Path model, Map<String, ?> options) {
		Parameters parameters = Parameters.of(options);
		SegmentRequest request = read(parameters).apply(model);
		parameters.checkAllUsed();
		return request;
	}

	/**
	 * Reads the options ({@code tile= ... rescale=}, see {@link #of}) from {@code key=value} parameters; the result makes the request for
	 * a model, which the caller looks up once every key is known to be right.
	 *
	 * @throws IllegalArgumentException for a wrong value, with the command line's message
	 */
	public static Function<Path, SegmentRequest> read(Parameters parameters) {
		TileSettings tiling = TileSettings.parse(parameters.optional("tile", null),
			parameters.optional("overlap", null), parameters.optional("batch", null),
			parameters.optional("blend", null));
		OptionalInt minSize = parameters.optional("min-size", null) == null ? OptionalInt.empty()
			: OptionalInt.of(parameters.integer("min-size", 0, 0, Integer.MAX_VALUE));
		String engine = parameters.optional("engine", Engines.AUTO);
		DeviceChoice device = DeviceChoice.parse(parameters.optional(DeviceChoice.KEY, null));
		TestTimeAugmentation tta = TestTimeAugmentation.parse(parameters.optional(TestTimeAugmentation.KEY, "none"));
		boolean rescale = parameters.flag(Rescaling.KEY, true);
		Precision precision = Precision.parse(parameters.optional(Precision.KEY, Precision.FLOAT32.toString()));
		return model -> new SegmentRequest(model, tiling, minSize, engine, device, tta, rescale, precision);
	}
}
