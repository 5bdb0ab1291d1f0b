package org.unetfiji.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The reason given when no GPU can be used, for each situation, from what the machine says. */
class GpuDiagnosisTest {

	private static final NvidiaSmi.Query NOT_FOUND = new NvidiaSmi.Query(List.of(),
		"nvidia-smi not found (it comes with the NVIDIA driver)");
	private static final NvidiaSmi.Query ONE_H100 = new NvidiaSmi.Query(
		NvidiaSmi.parse("0, NVIDIA H100 80GB HBM3, 81559, 81080"), null);

	@Test
	void cpuOnlyNativesComeFirst() {
		assertEquals("this build has TensorFlow's CPU-only natives (for GPUs build with -Pgpu, or run UNET_GPU=1 " +
			"./unet; see docs/GPU.md)", new GpuDiagnosis(false, null, true, ONE_H100, null, 0, null).reason());
	}

	@Test
	void noDriver() {
		assertEquals(
			"no NVIDIA driver found (no /proc/driver/nvidia/version; nvidia-smi not found (it comes with " +
				"the NVIDIA driver)); install the NVIDIA driver",
			new GpuDiagnosis(true, null, false, NOT_FOUND, null, 0, null).reason());
		assertEquals(
			"the NVIDIA driver does not answer: nvidia-smi failed: NVIDIA-SMI has failed because it " +
				"couldn't communicate with the NVIDIA driver.",
			new GpuDiagnosis(true, null, true,
				new NvidiaSmi.Query(List.of(),
					"nvidia-smi failed: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA " +
						"driver."),
				null, 0, null).reason());
	}

	@Test
	void noSuchGpu() {
		assertEquals("there is no GPU 2: nvidia-smi lists 1 GPU (device=gpu:0)", new GpuDiagnosis(true, null, true,
			ONE_H100, null, 2, "Invalid argument: 'visible_device_list' listed an invalid GPU id '2'").reason());
		assertEquals("CUDA_VISIBLE_DEVICES= hides GPU 0",
			new GpuDiagnosis(true, null, true, ONE_H100, "", 0, null).reason());
	}

	@Test
	void cudaLibrariesMissingOrGpuRefused() {
		assertEquals(
			"TensorFlow found no usable GPU; the CUDA 12 / cuDNN 9 libraries were not loaded: " +
				"org.bytedeco:cuda:*:linux-x86_64-redist is not on the class path",
			new GpuDiagnosis(true, "org.bytedeco:cuda:*:linux-x86_64-redist is not on the class path", true, ONE_H100,
				null, 0, null).reason());
		assertEquals("TensorFlow found no usable GPU although nvidia-smi lists NVIDIA H100 80GB HBM3; the driver may " +
			"be too old for CUDA 12 (525 or newer is needed): run with TF_CPP_MIN_LOG_LEVEL=0 to see TensorFlow's " +
			"reason", new GpuDiagnosis(true, null, true, ONE_H100, null, 0, null).reason());
	}
}
