package org.unetfiji.inference;

import java.io.IOException;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.Network;
import org.unetfiji.inference.tiling.MemoryBudget;
import org.unetfiji.inference.tiling.TileSettings;
import org.unetfiji.inference.tiling.TiledPredictor;
import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.network.NetworkConfig;

/** A model package whose network is loaded into an engine, ready to segment. Close it to free the network. */
public final class LoadedModel implements AutoCloseable {

	private final ModelDescriptor descriptor;
	private final Network network;
	private final Normalization normalization;

	private LoadedModel(ModelDescriptor descriptor, Network network, Normalization normalization) {
		this.descriptor = descriptor;
		this.network = network;
		this.normalization = normalization;
	}

	/** Loads the package's network; the package's descriptor was validated when it was opened. */
	public static LoadedModel load(ModelPackage model, Engine engine) throws IOException {
		ModelDescriptor descriptor = model.descriptor();
		NetworkConfig config;
		Normalization normalization;
		try {
			config = NetworkConfig.fromMap(descriptor.network());
			normalization = Normalization.from(descriptor.normalization());
		}
		catch (IllegalArgumentException e) {
			throw new IOException("model '" + descriptor.name() + "' has an invalid configuration: " + e.getMessage(),
				e);
		}
		return new LoadedModel(descriptor, engine.load(model.savedModelFolder(), config), normalization);
	}

	public ModelDescriptor descriptor() {
		return descriptor;
	}

	public Network network() {
		return network;
	}

	public NetworkConfig config() {
		return network.config();
	}

	/** A tiled predictor with the model's normalisation. */
	public TiledPredictor predictor(TileSettings settings, MemoryBudget budget) {
		return new TiledPredictor(network, normalization, settings, budget);
	}

	@Override
	public void close() {
		network.close();
	}
}
