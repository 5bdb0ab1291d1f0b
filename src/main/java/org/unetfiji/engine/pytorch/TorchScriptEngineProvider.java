package org.unetfiji.engine.pytorch;

import java.util.List;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.EngineProvider;

/** {@code engine=torchscript}: runs TorchScript models on the CPU through DJL's PyTorch engine; cannot train. */
public final class TorchScriptEngineProvider implements EngineProvider {

	@Override
	public String key() {
		return TorchScriptEngine.WEIGHT_FORMAT;
	}

	@Override
	public String title() {
		return "PyTorch (DJL)";
	}

	@Override
	public List<String> weightFormats() {
		return List.of(TorchScriptEngine.WEIGHT_FORMAT);
	}

	@Override
	public Engine start() {
		return TorchScriptEngine.start();
	}
}
