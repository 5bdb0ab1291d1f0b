package org.unetfiji.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.network.NetworkConfig;

/**
 * A started deep-learning engine that runs trained networks (see {@link EngineProvider}; one that also trains is a
 * {@link TrainingEngine}).
 * <p>
 * Only plain Java types ({@link FloatTensor}, {@link NetworkConfig}, paths, strings) cross this interface, so an
 * implementation can live in its own class loader, away from conflicting libraries on a Fiji class path.
 */
public interface Engine {

	/** Short name and version, e.g. "TensorFlow 2.18.0". */
	String name();

	/**
	 * The bioimage.io weight formats this engine runs, preferred first: keys of a package's {@code weights}, e.g.
	 * {@code tensorflow_saved_model_bundle} or {@code onnx}; the same as its provider's.
	 */
	List<String> weightFormats();

	/** The device this engine's networks run on, as the engine lists it. */
	Device device();

	/**
	 * This engine on the device that a {@code device=} value chooses (see {@link DeviceChoice}); networks it creates
	 * or loads run there.
	 *
	 * @throws IllegalStateException when a GPU asked for explicitly cannot be used, with the reason
	 * @throws IllegalArgumentException when this engine never runs on the device asked for
	 */
	Engine on(DeviceChoice choice);

	/**
	 * Loads a network to run from a model package's weights.
	 *
	 * @param format one of {@link #weightFormats()}
	 * @param weights the file or folder of the package's entry for {@code format}
	 * @throws IOException when the path does not hold loadable weights of this configuration
	 */
	Network load(String format, Path weights, NetworkConfig config) throws IOException;

	/**
	 * This engine computing in {@code precision}; networks it loads afterwards use it.
	 *
	 * @throws IllegalArgumentException when the engine or this machine cannot run that precision, with what to do
	 */
	default Engine withPrecision(Precision precision) {
		if (precision == Precision.FLOAT32) return this;
		throw new IllegalArgumentException(
			"precision=" + precision + " is available with engine=tensorflow only; use precision=float32");
	}
}
