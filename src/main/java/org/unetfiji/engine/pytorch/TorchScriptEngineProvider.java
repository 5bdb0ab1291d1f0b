package org.unetfiji.engine.pytorch;

import java.util.List;
import java.util.Map;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.EngineProvider;
import org.unetfiji.engine.NativeLibraries;
import org.unetfiji.engine.Platform;

/** {@code engine=torchscript}: runs TorchScript models on the CPU through DJL's PyTorch engine; cannot train. */
public final class TorchScriptEngineProvider implements EngineProvider {

	/** PyTorch 2.7.1's CPU natives on Maven Central (pytorch-native-cpu), by platform, named as DJL names them. */
	private static final NativeLibraries NATIVES = new NativeLibraries(
		Map.of(Platform.LINUX_X86_64, "linux-x86_64", Platform.LINUX_ARM64, "linux-aarch64", Platform.MACOS_ARM64,
			"osx-aarch64", Platform.WINDOWS_X86_64, "win-x86_64"),
		List.of("pytorch/cpu/{platform}/"), "torch_cpu");

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
	public NativeLibraries natives() {
		return NATIVES;
	}

	@Override
	public Engine start() {
		return TorchScriptEngine.start();
	}
}
