package org.unetfiji.api;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engines;
import org.unetfiji.inference.Rescaling;
import org.unetfiji.inference.TestTimeAugmentation;
import org.unetfiji.inference.postprocessing.Components;
import org.unetfiji.inference.postprocessing.Postprocessing;
import org.unetfiji.inference.postprocessing.Threshold;
import org.unetfiji.inference.tiling.TileSettings;

/**
 * What to segment with: {@code model=}, {@code tile= overlap= batch= blend=}, {@code min-size=}, {@code threshold=},
 * {@code instances=} and the post-processing parameters ({@code seed-distance=} ...), {@code engine=},
 * {@code device=}, {@code tta=} and {@code rescale=} of {@code ./unet segment}, the U-Net Segment commands and {@link SegmentTask}.
 *
 * @param model the model folder or .zip, already looked up (e.g. with {@code ModelLocator})
 * @param minSize smallest instance kept, in voxels; empty for the model's recorded post-processing (else 0)
 * @param engine {@code auto} or an engine's name
 * @param tta test-time augmentation ({@code tta=none|flips|d4})
 * @param rescale whether an image whose pixel size differs from the model's by more than 10 % is resampled to the
 *            model's for the network ({@code rescale=true}, the default)
 * @param postprocessingOptions over the model's post-processing: {@value #THRESHOLD} (a foreground probability
 *            between 0 and 1: labelling by {@link Threshold} over the recorded labelling), {@value #INSTANCES} (the
 *            instance step's key) and
 *            step parameters by their names in {@code config.unet.postprocessing} ({@code seed_distance}), as the
 *            {@code seed-distance=} keys give them; empty for the model's
 */
public record SegmentRequest(Path model, TileSettings tiling, OptionalInt minSize, String engine, DeviceChoice device,
	TestTimeAugmentation tta, boolean rescale, Map<String, Object> postprocessingOptions) {

	/** The key that chooses the instance step ({@code instances=components|watershed|boundaries}). */
	public static final String INSTANCES = "instances";

	/** The {@code key=value} name of the threshold; {@code auto} is the model's. */
	public static final String THRESHOLD = "threshold";

	public SegmentRequest {
		Objects.requireNonNull(model, "model");
		Objects.requireNonNull(tiling, "tiling");
		Objects.requireNonNull(engine, "engine");
		Objects.requireNonNull(device, "device");
		Objects.requireNonNull(minSize, "minSize");
		Objects.requireNonNull(tta, "tta");
		postprocessingOptions = Collections.unmodifiableMap(new LinkedHashMap<>(postprocessingOptions));
		if (minSize.isPresent() && minSize.getAsInt() < 0) throw new IllegalArgumentException(
			"min-size=" + minSize.getAsInt() + " is out of range [0, " + Integer.MAX_VALUE + "]");
		Object threshold = postprocessingOptions.get(THRESHOLD);
		if (threshold != null && !(threshold instanceof Number n && n.doubleValue() > 0 && n.doubleValue() < 1))
			throw new IllegalArgumentException(
				THRESHOLD + "=" + threshold + " is out of range: a foreground probability between 0 and 1 (or auto)");
	}

	/** A request with the model's post-processing (the minimum size aside). */
	public SegmentRequest(Path model, TileSettings tiling, OptionalInt minSize, String engine, DeviceChoice device,
		TestTimeAugmentation tta, boolean rescale)
	{
		this(model, tiling, minSize, engine, device, tta, rescale, Map.of());
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

	/**
	 * The post-processing to run: the model's, with the instance step, its parameters and the minimum size given
	 * here.
	 *
	 * @throws IllegalArgumentException for a parameter that no step of the chain takes, or a value out of range
	 */
	public Postprocessing postprocessing(Postprocessing recorded) {
		Postprocessing chain = recorded;
		for (Map.Entry<String, Object> option : postprocessingOptions.entrySet()) {
			String key = option.getKey();
			Object value = option.getValue();
			if (key.equals(INSTANCES)) chain = chain.withInstances(value.toString());
			else if (key.equals(THRESHOLD)) chain = chain.withThreshold(((Number) value).doubleValue());
			else chain = chain.with(key, value);
		}
		return minSize.isPresent() ? chain.withMinSize(minSize.getAsInt()) : chain;
	}

	/** The same request on another device. */
	public SegmentRequest withDevice(DeviceChoice newDevice) {
		return new SegmentRequest(model, tiling, minSize, engine, newDevice, tta, rescale, postprocessingOptions);
	}

	/**
	 * The defaults with options given by their {@code key=value} names ({@code tile overlap batch blend min-size
	 * engine device tta rescale}, hyphens optional as in macros), for scripts: {@code {"tile": "256",
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
		Map<String, Object> postprocessing = postprocessingOptions(parameters);
		return model -> new SegmentRequest(model, tiling, minSize, engine, device, tta, rescale, postprocessing);
	}

	/**
	 * {@value #INSTANCES}{@code =} and the step parameters given, by their hyphenated names ({@code seed-distance=}
	 * for {@code seed_distance}) and {@value #THRESHOLD}{@code =} (a probability; {@code auto} is left out); numbers become numbers. {@code min-size=} is read apart.
	 */
	public static Map<String, Object> postprocessingOptions(Parameters parameters) {
		Map<String, Object> options = new LinkedHashMap<>();
		threshold(parameters.optional(THRESHOLD, "auto")).ifPresent(threshold -> options.put(THRESHOLD, threshold));
		String instances = parameters.optional(INSTANCES, null);
		if (instances != null) options.put(INSTANCES, instances);
		for (String name : Postprocessing.parameterNames()) {
			String value = name.equals(Components.MIN_SIZE) || name.equals(THRESHOLD) ? null
				: parameters.optional(name.replace('_', '-'), null);
			if (value != null) options.put(name, number(value));
		}
		return options;
	}

	/**
	 * A {@code threshold=} value: {@code auto} (empty: the model's labelling) or a probability, checked by the
	 * request.
	 *
	 * @throws IllegalArgumentException for text that is neither
	 */
	public static OptionalDouble threshold(String text) {
		if (text.equals("auto")) return OptionalDouble.empty();
		try {
			return OptionalDouble.of(Double.parseDouble(text));
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(
				THRESHOLD + "=" + text + " is not a number: auto or a probability " + "between 0 and 1");
		}
	}

	/** A whole or decimal number where the text is one, else the text. */
	private static Object number(String value) {
		try {
			double number = Double.parseDouble(value);
			return number == Math.rint(number) && Math.abs(number) < 1e15 ? (Object) (long) number : number;
		}
		catch (NumberFormatException e) {
			return value;
		}
	}
}
