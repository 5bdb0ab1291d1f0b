package org.unetfiji.inference;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engine;
import org.unetfiji.engine.EngineChoice;
import org.unetfiji.engine.Engines;
import org.unetfiji.engine.Precision;
import org.unetfiji.engine.Network;
import org.unetfiji.inference.postprocessing.Postprocessing;
import org.unetfiji.inference.postprocessing.Threshold;
import org.unetfiji.inference.tiling.MemoryBudget;
import org.unetfiji.inference.tiling.TileSettings;
import org.unetfiji.inference.tiling.TiledPredictor;
import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.Processing;
import org.unetfiji.network.NetworkConfig;
import org.unetfiji.image.ops.PercentileNormalizer;

/** A model package whose network is loaded into an engine, ready to segment. Close it to free the network. */
public final class LoadedModel implements AutoCloseable {

	private final ModelDescriptor descriptor;
	private final Network network;
	/** For a model from elsewhere: the network behind the channels-last contract, with its processing. */
	private final BioimageNetwork tiles;
	private final PercentileNormalizer normalization;
	private final String engineName;
	private final String engineNote;
	private final Device device;

	private LoadedModel(ModelDescriptor descriptor, Network network, BioimageNetwork tiles,
		PercentileNormalizer normalization, String engineName, String engineNote, Device device)
	{
		this.descriptor = descriptor;
		this.network = network;
		this.tiles = tiles;
		this.normalization = normalization;
		this.engineName = engineName;
		this.engineNote = engineNote;
		this.device = device;
	}

	/**
	 * Loads the package's network into the engine that {@code engine} names: {@code auto} or an engine's key (see
	 * {@link Engines#choices()}), on {@code device=auto}.
	 *
	 * @throws IllegalArgumentException for an unknown engine, or one the package has no weights for
	 */
	public static LoadedModel load(ModelPackage model, String engine) throws IOException {
		return load(model, engine, DeviceChoice.AUTO);
	}

	/**
	 * Loads the package's network into the engine that {@code engine} names, on the device {@code device} chooses.
	 *
	 * @throws IllegalArgumentException for an unknown engine, or one the package has no weights for
	 * @throws IllegalStateException when a GPU asked for explicitly cannot be used
	 */
	public static LoadedModel load(ModelPackage model, String engine, DeviceChoice device) throws IOException {
		return load(model, engine, device, Precision.FLOAT32);
	}

	/**
	 * Loads the package's network into the engine that {@code engine} names, on the device {@code device} chooses,
	 * computing in {@code precision}.
	 *
	 * @throws IllegalArgumentException for an unknown engine, one the package has no weights for, or a precision
	 *           the engine or machine cannot run
	 * @throws IllegalStateException when a GPU asked for explicitly cannot be used
	 */
	public static LoadedModel load(ModelPackage model, String engine, DeviceChoice device, Precision precision)
		throws IOException
	{
		EngineChoice choice = Engines.choose(engine, model.descriptor().weightFormats());
		return load(model, Engines.start(choice).on(device).withPrecision(precision), choice.note());
	}

	/**
	 * Loads the package's weights of the first of its formats that the engine runs; the descriptor was validated
	 * when it was opened.
	 */
	public static LoadedModel load(ModelPackage model, Engine engine) throws IOException {
		return load(model, engine, null);
	}

	private static LoadedModel load(ModelPackage model, Engine engine, String engineNote) throws IOException {
		ModelDescriptor descriptor = model.descriptor();
		NetworkConfig config;
		PercentileNormalizer normalization;
		try {
			config = PackageConfig.of(descriptor);
			normalization = descriptor.hasNetworkConfig() ? PercentileNormalizer.from(descriptor.normalization())
				: null;
		}
		catch (IllegalArgumentException e) {
			throw new IOException("model '" + descriptor.name() + "' cannot be run: " + e.getMessage(), e);
		}
		String format = descriptor.weightFormats().stream().filter(engine.weightFormats()::contains).findFirst()
			.orElseThrow(() -> new IllegalArgumentException("model '" + descriptor.name() + "' has no " +
				String.join(" or ", engine.weightFormats()) + " weights for " + engine.name() + " (it has: " +
				String.join(", ", descriptor.weightFormats()) + ")"));
		Network network = engine.load(format, model.weights(format), config);
		BioimageNetwork tiles = null;
		if (!descriptor.hasNetworkConfig()) {
			try {
				tiles = new BioimageNetwork(network, config, descriptor);
			}
			catch (IllegalArgumentException e) {
				network.close();
				throw new IOException("model '" + descriptor.name() + "' cannot be run: " + e.getMessage(), e);
			}
		}
		return new LoadedModel(descriptor, network, tiles, normalization, engine.name(), engineNote, engine.device());
	}

	public ModelDescriptor descriptor() {
		return descriptor;
	}

	/** The engine running the network and its device, e.g. {@code ONNX Runtime 1.21.1 (CPU)}. */
	public String engineName() {
		return engineName;
	}

	/**
	 * Why {@code engine=auto} passed over an engine the model has weights for (e.g. TensorFlow on an Intel Mac), or
	 * null.
	 */
	public String engineNote() {
		return engineNote;
	}

	/** The device the network runs on. */
	public Device device() {
		return device;
	}

	/** The engine's network: tensors in the axis order of the model's descriptor, without its processing. */
	public Network network() {
		return network;
	}

	public NetworkConfig config() {
		return network.config();
	}

	/**
	 * A tiled predictor with the model's normalisation; for a model from elsewhere, with its pre- and
	 * postprocessing and axis order.
	 */
	public TiledPredictor predictor(TileSettings settings, MemoryBudget budget) {
		return predictor(settings, budget, TestTimeAugmentation.NONE);
	}

	/** A tiled predictor as {@link #predictor(TileSettings, MemoryBudget)} that predicts every tile batch with {@code tta}. */
	public TiledPredictor predictor(TileSettings settings, MemoryBudget budget, TestTimeAugmentation tta) {
		return tiles == null ? new TiledPredictor(tta.wrap(network), normalization, settings, budget)
			: new TiledPredictor(tta.wrap(tiles), tiles, settings, budget);
	}

	/**
	 * The post-processing the package records ({@code config.unet.postprocessing}), or the defaults (for a model from
	 * elsewhere whose outputs are independent probabilities: foreground above the {@code threshold}, 0.5); a minimum
	 * size or threshold the user gives overrides the recorded one: {@code postprocessing().withMinSize(n)}.
	 *
	 * @throws IllegalArgumentException for a recorded step this plugin does not know, or a parameter out of range
	 */
	public Postprocessing postprocessing() {
		if (tiles != null && descriptor.postprocessing().isEmpty() && BioimageNetwork.independentChannels(descriptor))
			return Postprocessing.of(List.of(new Processing(Threshold.KEY, Map.of())));
		return Postprocessing.forModel(descriptor);
	}

	/**
	 * The names of the probability channels a segmentation writes: the model's classes; for a model from elsewhere
	 * with independent probabilities, {@code background} and then the model's output channels.
	 */
	public List<String> classNames() {
		return BioimageNetwork.classNames(descriptor);
	}

	@Override
	public void close() {
		network.close();
	}
}
