package org.unetfiji.engine.tensorflow;

import java.util.List;
import java.util.Map;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.EngineProvider;
import org.unetfiji.engine.NativeLibraries;
import org.unetfiji.engine.Platform;
import org.unetfiji.engine.Engines;

/** {@code engine=tensorflow}: runs and trains TensorFlow SavedModels, on the CPU or a GPU. */
public final class TensorFlowEngineProvider implements EngineProvider {

	/**
	 * TensorFlow Java 1.1.0's natives on Maven Central, by platform, named as JavaCPP names them (none for Intel Macs):
	 * the JNI library in the CPU or the GPU build's folder (tensorflow-core-native, classifier PLATFORM[-gpu]).
	 */
	private static final NativeLibraries NATIVES = new NativeLibraries(
		Map.of(Platform.LINUX_X86_64, "linux-x86_64", Platform.LINUX_ARM64, "linux-arm64", Platform.MACOS_ARM64,
			"macosx-arm64", Platform.WINDOWS_X86_64, "windows-x86_64"),
		List.of("org/tensorflow/internal/c_api/{platform}/", "org/tensorflow/internal/c_api/{platform}-gpu/"),
		"jnitensorflow");

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
	public NativeLibraries natives() {
		return NATIVES;
	}

	@Override
	public Engine start() {
		return new TensorFlowEngine();
	}
}
