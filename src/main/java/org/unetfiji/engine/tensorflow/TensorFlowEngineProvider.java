package org.unetfiji.engine.tensorflow;

import java.util.List;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.EngineProvider;
import org.unetfiji.engine.Engines;

/** {@code engine=tensorflow}: runs and trains TensorFlow SavedModels, on the CPU or a GPU. */
public final class TensorFlowEngineProvider implements EngineProvider {

	@Override
	public String key() {
		return Engines.TENSORFLOW;
	}

	@Override
	public String title() {
		return "TensorFlow";
	}

	@Override
	public List<String> weightFormats() {
		return List.of(TensorFlowEngine.WEIGHT_FORMAT);
	}

	@Override
	public boolean canTrain() {
		return true;
	}

	@Override
	public List<String> devices() {
		return List.of("cpu", "gpu");
	}

	@Override
	public Engine start() {
		return new TensorFlowEngine();
	}
}
