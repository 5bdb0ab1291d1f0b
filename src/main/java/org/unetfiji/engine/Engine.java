package org.unetfiji.engine;

import java.io.IOException;
import java.nio.file.Path;

import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.network.NetworkConfig;

/**
 * A deep-learning engine that builds, trains, saves and loads U-Nets.
 * <p>
 * Only plain Java types ({@link FloatTensor}, {@link NetworkConfig}, paths, strings) cross this interface, so an
 * implementation can live in its own class loader, away from conflicting libraries on a Fiji class path.
 */
public interface Engine {

	/** Short name and version, e.g. "TensorFlow 2.18.0". */
	String name();

	/**
	 * The bioimage.io weights format this engine runs: the key of the package's {@code weights} entry, e.g.
	 * {@code tensorflow_saved_model_bundle} or {@code onnx}.
	 */
	String weightFormat();

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

	/** A new network with freshly initialised weights; the same seed gives the same weights. */
	Network create(NetworkConfig config, long seed);

	/**
	 * A new network to finetune, starting from the weights of a saved one: every layer the two configurations
	 * share is copied, the rest (the output layer when the number of classes differs) freshly initialised with
	 * {@code seed}; the optimiser starts afresh.
	 *
	 * @param freezeEncoder whether training steps leave the encoder (contracting path and bottom block) unchanged
	 * @throws IOException when the folder does not hold a loadable saved network of {@code savedConfig}
	 */
	Network finetune(Path savedNetwork, NetworkConfig savedConfig, NetworkConfig config, boolean freezeEncoder,
		long seed) throws IOException;

	/**
	 * Loads a network from weights of {@link #weightFormat()}, e.g. a folder written by {@link Network#save(Path)}.
	 *
	 * @throws IOException when the path does not hold loadable weights of this configuration
	 */
	Network load(Path savedNetwork, NetworkConfig config) throws IOException;
}
