package org.unetfiji.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The registry as the class path gives it: the plugin's three engines, then the test's identity engine (registered
 * only in {@code src/test/resources}). Only the identity engine is started here.
 */
class EnginesTest {

	@Test
	void providersSayWhatTheirEnginesDo() {
		List<EngineProvider> providers = Engines.providers();
		assertEquals(List.of("tensorflow", "onnx", "torchscript", "identity"),
			providers.stream().map(EngineProvider::key).toList());
		assertEquals(List.of(List.of("tensorflow_saved_model_bundle"), List.of("onnx"), List.of("torchscript"),
			List.of("identity")), providers.stream().map(EngineProvider::weightFormats).toList());
		assertEquals(List.of(true, false, false, false), providers.stream().map(EngineProvider::canTrain).toList());
		assertEquals(List.of(List.of("cpu", "gpu"), List.of("cpu"), List.of("cpu"), List.of("cpu")),
			providers.stream().map(EngineProvider::devices).toList());
		assertEquals(List.of("tensorflow_saved_model_bundle", "onnx", "torchscript", "identity"),
			Engines.weightFormats());
	}

	@Test
	void autoTakesThePackagesFirstFormatThatHasAnEngine() {
		Engine identity = Engines.select(Engines.AUTO, List.of("pytorch_state_dict", "identity"));
		assertEquals("Identity 1.0", identity.name());
		assertSame(identity, Engines.select("identity", List.of("onnx", "identity")), "started once per JVM");
		assertEquals(
			"the model's weights [pytorch_state_dict] have no engine here; supported: " +
				"[tensorflow_saved_model_bundle, onnx, torchscript, identity]",
			assertThrows(IllegalArgumentException.class,
				() -> Engines.select(Engines.AUTO, List.of("pytorch_state_dict"))).getMessage());
		assertEquals("engine=identity needs identity weights, but the model has [onnx]; use engine=auto",
			assertThrows(IllegalArgumentException.class, () -> Engines.select("identity", List.of("onnx")))
				.getMessage());
	}

	@Test
	void onlyEnginesThatTrainAreGivenForTraining() {
		assertEquals("engine=onnx only runs trained models; train with engine=tensorflow",
			assertThrows(IllegalArgumentException.class, () -> Engines.training("onnx")).getMessage());
		assertEquals("unknown engine 'pytorch'; choose one of [auto, tensorflow, onnx, torchscript, identity]",
			assertThrows(IllegalArgumentException.class, () -> Engines.training("pytorch")).getMessage());
	}
}
