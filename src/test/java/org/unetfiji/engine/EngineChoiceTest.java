package org.unetfiji.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.unetfiji.engine.onnx.OnnxEngineProvider;
import org.unetfiji.engine.pytorch.TorchScriptEngineProvider;
import org.unetfiji.engine.tensorflow.TensorFlowEngineProvider;

/**
 * Which engine and which natives each platform gets, with the platform ({@code os.name}, {@code os.arch}) as a
 * parameter of the choice: the plugin's three engine providers as they are, nothing started. The natives' resource names are
 * checked against the real jars for this machine's platform here, and for every platform in the bundle zips by
 * {@code BundleIT}.
 */
class EngineChoiceTest {

	private static final List<EngineProvider> PROVIDERS = List.of(new TensorFlowEngineProvider(),
		new OnnxEngineProvider(), new TorchScriptEngineProvider());
	private static final List<String> TF_AND_ONNX = List.of("tensorflow_saved_model_bundle", "onnx");
	private static final List<String> TF_ONLY = List.of("tensorflow_saved_model_bundle");
	/** A complete installation for the platform asked about: every native library is there. */
	private static final Predicate<String> ALL_INSTALLED = resource -> true;
	private static final String TF_RUNS_ON = "it runs on Linux on x86-64, Linux on arm64, " +
		"macOS on Apple silicon (arm64), Windows on x86-64";

	@Test
	void theSystemPropertiesNameAPlatformAndItsBundle() {
		record Case(String osName, String osArch, Platform platform, String bundle) {}
		for (Case c : List.of(new Case("Linux", "amd64", Platform.LINUX_X86_64, "linux-x86_64"),
			new Case("Linux", "aarch64", Platform.LINUX_ARM64, "linux-arm64"),
			new Case("Mac OS X", "aarch64", Platform.MACOS_ARM64, "macos"),
			new Case("Mac OS X", "x86_64", Platform.MACOS_X86_64, "macos"),
			new Case("Windows 11", "amd64", Platform.WINDOWS_X86_64, "windows-x86_64"),
			new Case("Windows 10", "aarch64", new Platform(Platform.Os.WINDOWS, Platform.Arch.ARM64), null),
			new Case("FreeBSD", "amd64", new Platform(Platform.Os.OTHER, Platform.Arch.X86_64), null)))
		{
			Platform platform = Platform.of(c.osName(), c.osArch());
			assertEquals(c.platform(), platform, c.toString());
			assertEquals(c.bundle(), platform.bundle(), c.toString());
		}
	}

	@Test
	void everyEngineRunsOnTheSupportedPlatformsFromItsOwnNatives() {
		record Case(String osName, String osArch, String tensorFlow, String onnx, String pytorch) {}
		for (Case c : List.of(
			new Case("Linux", "amd64", "org/tensorflow/internal/c_api/linux-x86_64/libjnitensorflow.so",
				"ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so", "pytorch/cpu/linux-x86_64/libtorch_cpu.so"),
			new Case("Linux", "aarch64", "org/tensorflow/internal/c_api/linux-arm64/libjnitensorflow.so",
				"ai/onnxruntime/native/linux-aarch64/libonnxruntime4j_jni.so",
				"pytorch/cpu/linux-aarch64/libtorch_cpu.so"),
			new Case("Mac OS X", "aarch64", "org/tensorflow/internal/c_api/macosx-arm64/libjnitensorflow.dylib",
				"ai/onnxruntime/native/osx-aarch64/libonnxruntime4j_jni.dylib",
				"pytorch/cpu/osx-aarch64/libtorch_cpu.dylib"),
			new Case("Windows 11", "amd64", "org/tensorflow/internal/c_api/windows-x86_64/jnitensorflow.dll",
				"ai/onnxruntime/native/win-x64/onnxruntime4j_jni.dll", "pytorch/cpu/win-x86_64/torch_cpu.dll")))
		{
			Platform platform = Platform.of(c.osName(), c.osArch());
			String gpu = c.tensorFlow().replaceFirst("/([^/]+)$", "-gpu/$1");
			assertEquals(List.of(c.tensorFlow(), gpu), PROVIDERS.get(0).natives().paths(platform));
			assertEquals(List.of(c.onnx()), PROVIDERS.get(1).natives().paths(platform));
			assertEquals(List.of(c.pytorch()), PROVIDERS.get(2).natives().paths(platform));

			EngineChoice auto = EngineChoice.of(Engines.AUTO, TF_AND_ONNX, PROVIDERS, platform, ALL_INSTALLED);
			assertEquals("tensorflow", auto.provider().key(), platform.toString());
			assertNull(auto.note());
			assertEquals("onnx",
				EngineChoice.of("onnx", TF_AND_ONNX, PROVIDERS, platform, ALL_INSTALLED).provider().key());
			assertEquals("torchscript", EngineChoice
				.of(Engines.AUTO, List.of("torchscript"), PROVIDERS, platform, ALL_INSTALLED).provider().key());
			assertEquals("tensorflow",
				EngineChoice.forTraining("tensorflow", PROVIDERS, platform, ALL_INSTALLED).provider().key());
		}
	}

	@Test
	void onAnIntelMacAutoFallsBackToOnnxWeightsWithANoteAndTrainingSaysWhereItRuns() {
		Platform mac = Platform.of("Mac OS X", "x86_64");
		assertEquals(List.of(), PROVIDERS.get(0).natives().paths(mac));
		assertEquals(List.of("ai/onnxruntime/native/osx-x64/libonnxruntime4j_jni.dylib"),
			PROVIDERS.get(1).natives().paths(mac));

		EngineChoice auto = EngineChoice.of(Engines.AUTO, TF_AND_ONNX, PROVIDERS, mac, ALL_INSTALLED);
		assertEquals("onnx", auto.provider().key());
		assertEquals("TensorFlow has no native libraries for macOS on Intel (x86-64); " + TF_RUNS_ON +
			"; running the model's onnx weights with ONNX Runtime", auto.note());

		assertEquals(
			"TensorFlow has no native libraries for macOS on Intel (x86-64); " + TF_RUNS_ON +
				"; the model has [tensorflow_saved_model_bundle] weights, and here onnx weights run (./unet export " +
				"model=NAME format=onnx adds them on a computer where TensorFlow runs)",
			assertThrows(IllegalArgumentException.class,
				() -> EngineChoice.of(Engines.AUTO, TF_ONLY, PROVIDERS, mac, ALL_INSTALLED)).getMessage());
		assertEquals("engine=tensorflow: TensorFlow has no native libraries for macOS on Intel (x86-64); " + TF_RUNS_ON,
			assertThrows(IllegalArgumentException.class,
				() -> EngineChoice.of("tensorflow", TF_AND_ONNX, PROVIDERS, mac, ALL_INSTALLED)).getMessage());
		assertEquals(
			"training needs TensorFlow, but TensorFlow has no native libraries for macOS on Intel " + "(x86-64); " +
				TF_RUNS_ON,
			assertThrows(IllegalArgumentException.class,
				() -> EngineChoice.forTraining("tensorflow", PROVIDERS, mac, ALL_INSTALLED)).getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class,
			() -> EngineChoice.of(Engines.AUTO, List.of("torchscript"), PROVIDERS, mac, ALL_INSTALLED))
			.getMessage()
			.startsWith("PyTorch (DJL) has no native libraries for macOS on Intel (x86-64); it runs on Linux on " +
				"x86-64, Linux on arm64, macOS on Apple silicon (arm64), Windows on x86-64; the model has " +
				"[torchscript] weights, and here onnx weights run"));
	}

	@Test
	void theBundleOfAnotherPlatformSaysWhichBundleToInstall() {
		Platform windows = Platform.of("Windows 10", "amd64");
		// the Linux x86-64 bundle unpacked on Windows: ONNX Runtime's one jar still has Windows' natives
		Set<String> linuxBundle = PROVIDERS.stream().flatMap(p -> p.natives().paths(Platform.LINUX_X86_64).stream())
			.collect(Collectors.toSet());
		linuxBundle.addAll(PROVIDERS.get(1).natives().paths(windows));

		EngineChoice auto = EngineChoice.of(Engines.AUTO, TF_AND_ONNX, PROVIDERS, windows, linuxBundle::contains);
		assertEquals("onnx", auto.provider().key());
		assertEquals("TensorFlow's native libraries for Windows on x86-64 are not installed: install the Fiji " +
			"bundle for windows-x86_64 (unet-fiji-VERSION-fiji-windows-x86_64.zip); running the model's onnx " +
			"weights with ONNX Runtime", auto.note());
		assertTrue(assertThrows(IllegalArgumentException.class,
			() -> EngineChoice.forTraining("tensorflow", PROVIDERS, windows, linuxBundle::contains)).getMessage()
			.startsWith("training needs TensorFlow, but TensorFlow's native libraries for Windows on x86-64 are " +
				"not installed: install the Fiji bundle for windows-x86_64"));
	}

	@Test
	void thisMachinesNativesAreWhereTheProvidersLookForThem() {
		Platform here = Platform.current();
		ClassLoader loader = getClass().getClassLoader();
		for (EngineProvider provider : PROVIDERS) {
			assertTrue(provider.natives().runsOn(here), provider.title() + " on " + here);
			assertTrue(provider.natives().paths(here).stream().anyMatch(r -> loader.getResource(r) != null),
				provider.title() + ": none of " + provider.natives().paths(here) + " is on the class path");
		}
		EngineChoice auto = Engines.choose(Engines.AUTO, TF_AND_ONNX);
		assertEquals("tensorflow", auto.provider().key());
		assertNull(auto.note());
	}
}
