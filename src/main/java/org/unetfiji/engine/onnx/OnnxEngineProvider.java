package org.unetfiji.engine.onnx;

import java.util.List;
import java.util.Map;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.EngineProvider;
import org.unetfiji.engine.Platform;

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

	/** The platforms whose natives ONNX Runtime's one jar carries, named as it names them. */
	private static final Map<Platform, String> NATIVES = Map.of(Platform.LINUX_X86_64, "linux-x64",
		Platform.LINUX_ARM64, "linux-aarch64", Platform.MACOS_ARM64, "osx-aarch64", Platform.MACOS_X86_64, "osx-x64",
		Platform.WINDOWS_X86_64, "win-x64");

	@Override
	public boolean runsOn(Platform platform) {
		return NATIVES.containsKey(platform);
	}

	@Override
	public List<String> nativeLibraries(Platform platform) {
		return runsOn(platform)
			? List
				.of("ai/onnxruntime/native/" + NATIVES.get(platform) + "/" + platform.libraryFile("onnxruntime4j_jni"))
			: List.of();
	}

	@Override
	public Engine start() {
		return new OnnxEngine();
	}
}
