package org.unetfiji.engine.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.device.GpuDiagnosis;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.engine.TrainingEngine;
import org.unetfiji.network.NetworkConfig;

/**
 * Session options per device, and the device TensorFlow really lists, with real TensorFlow: the CPU always; a GPU
 * asked for where none is usable (a CPU-only build, or no driver) is an error with the reason, and {@code auto} falls
 * back to the CPU saying why. On a machine with a usable GPU, the GPU tests run instead of the fall-back ones.
 */
class DeviceSelectionTest {

	private static final TensorFlowEngine ENGINE = new TensorFlowEngine();

	@Test
	void cpuOptionsHideGpusAndGpuOptionsShowOneThatGrows() {
		ConfigProto cpu = SessionConfig.cpu();
		assertEquals(0, cpu.getDeviceCountOrThrow("GPU"));
		assertTrue(cpu.getAllowSoftPlacement());
		ConfigProto gpu = SessionConfig.gpu(2);
		assertEquals("2", gpu.getGpuOptions().getVisibleDeviceList());
		assertTrue(gpu.getGpuOptions().getAllowGrowth());
		assertFalse(gpu.containsDeviceCount("GPU"));
		assertTrue(gpu.getAllowSoftPlacement());
	}

	@Test
	void aCpuSessionListsTheCpuOnly() {
		List<SessionDevices.Listed> devices = SessionDevices.list(SessionConfig.cpu());
		assertEquals(1, devices.size(), devices.toString());
		assertEquals("CPU", devices.get(0).type());
		assertTrue(devices.get(0).name().endsWith("/device:CPU:0"), devices.toString());
	}

	@Test
	void networksRunOnTheCpuWhenAskedTo() {
		TrainingEngine cpu = ENGINE.on(DeviceChoice.CPU);
		Device device = cpu.device();
		assertFalse(device.isGpu());
		assertNull(device.note());
		assertTrue(device.describe().matches("CPU \\(TensorFlow (CPU|GPU) build, \\d+ cores\\)"), device.describe());
		try (TrainableNetwork network = cpu.create(NetworkConfig.isotropic(2, 1, 2, 1, 2, false), 1)) {
			FloatTensor p = network.predict(FloatTensor.zeros(1, 8, 8, 1));
			assertEquals(1, p.data()[0] + p.data()[1], 1e-6);
		}
	}

	@Test
	void withoutAUsableGpuAnExplicitGpuFailsWithTheReasonAndAutoFallsBackSayingWhy() {
		Device auto = ENGINE.on(DeviceChoice.AUTO).device();
		assumeFalse(auto.isGpu(), "this machine has a usable GPU");
		assertTrue(auto.note().startsWith("no GPU used: "), auto.note());
		String reason = auto.note().substring("no GPU used: ".length());
		if (!TensorFlowNatives.get().gpuBuild()) assertEquals(GpuDiagnosis.CPU_NATIVES, reason);
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> ENGINE.on(DeviceChoice.parse("gpu")));
		assertEquals("device=gpu:0: no GPU can be used: " + reason + "; device=cpu runs on the CPU", e.getMessage());
	}

	@Test
	void aUsableGpuIsListedAndDescribed() {
		Device auto = ENGINE.on(DeviceChoice.AUTO).device();
		assumeTrue(auto.isGpu(), "no usable GPU here");
		Device gpu = ENGINE.on(DeviceChoice.parse("gpu")).device();
		assertEquals(0, gpu.gpu());
		assertTrue(gpu.describe().startsWith("GPU 0 ("), gpu.describe());
		assertTrue(gpu.memoryBytes() > 0);
	}
}
