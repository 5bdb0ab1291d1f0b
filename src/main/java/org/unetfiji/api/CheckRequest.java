package org.unetfiji.api;

import java.nio.file.Path;
import java.util.Objects;

import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engines;

/**
 * Check a model against its own test tensors: {@code model=}, {@code engine=}, {@code device=} and the tolerance
 * {@code |output - expected| <= absolute + relative * |expected|} (bioimage.io's defaults: 1e-4 and 1e-3).
 *
 * @param model the model folder, .zip or descriptor file
 * @param engine {@code auto} or an engine's name
 */
public record CheckRequest(Path model, String engine, DeviceChoice device, double absoluteTolerance,
	double relativeTolerance) {

	public static final double ABSOLUTE_TOLERANCE = 1e-4;
	public static final double RELATIVE_TOLERANCE = 1e-3;

	public CheckRequest {
		Objects.requireNonNull(model, "model");
		Objects.requireNonNull(engine, "engine");
		Objects.requireNonNull(device, "device");
		if (!(absoluteTolerance >= 0) || !(relativeTolerance >= 0))
			throw new IllegalArgumentException("tolerances must be numbers of at least 0");
	}

	/** The defaults: engine and device {@code auto}, bioimage.io's tolerances. */
	public static CheckRequest defaults(Path model) {
		return new CheckRequest(model, Engines.AUTO, DeviceChoice.AUTO, ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE);
	}

	public CheckRequest withEngine(String newEngine) {
		return new CheckRequest(model, newEngine, device, absoluteTolerance, relativeTolerance);
	}
}
