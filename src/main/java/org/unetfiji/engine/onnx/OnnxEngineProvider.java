package org.unetfiji.engine.onnx;

import java.util.List;
import java.util.Map;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.EngineProvider;
import org.unetfiji.engine.NativeLibraries;
import org.unetfiji.engine.Platform;

/** {@code engine=onnx}: runs ONNX models on the CPU; cannot train. */
public final class OnnxEngineProvider implements EngineProvider {

	/** The platforms whose natives ONNX Runtime's one jar carries, named as it names them. */
	private static final NativeLibraries NATIVES = new NativeLibraries(
		Map.of(Platform.LINUX_X86_64, "linux-x64", Platform.LINUX_ARM64, "linux-aarch64", Platform.MACOS_ARM64,
			"osx-aarch64", Platform.MACOS_X86_64, "osx-x64", Platform.WINDOWS_X86_64, "win-x64"),
		List.of("ai/onnxruntime/native/{platform}/"), "onnxruntime4j_jni");

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
	public NativeLibraries natives() {
		return NATIVES;
	}

	@Override
	public Engine start() {
		return new OnnxEngine();
	}
}
