package org.unetfiji.engine.onnx;

import java.util.List;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.EngineProvider;

/** {@code engine=onnx}: runs ONNX models on the CPU; cannot train. */
public final class OnnxEngineProvider implements EngineProvider {

	@Override
	public String key() {
		return "onnx";
	}

	@Override
	public String title() {
		return "ONNX Runtime";
	}

	@Override
	public List<String> weightFormats() {
		return List.of(OnnxEngine.WEIGHT_FORMAT);
	}

	@Override
	public Engine start() {
		return new OnnxEngine();
	}
}
