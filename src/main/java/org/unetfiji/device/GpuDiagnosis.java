package org.unetfiji.device;

/**
 * Why an engine lists no usable GPU, in one line, from what can be checked without it: whether the engine's natives
 * were built for GPUs, whether the CUDA libraries could be loaded, whether the NVIDIA driver is there and what
 * nvidia-smi lists.
 *
 * @param gpuNatives whether the engine's native library supports GPUs (TensorFlow's {@code linux-x86_64-gpu})
 * @param cudaProblem why the bundled CUDA / cuDNN libraries were not loaded, or null when they were
 * @param driver whether the NVIDIA kernel driver is loaded ({@code /proc/driver/nvidia/version} exists)
 * @param smi nvidia-smi's answer for all GPUs
 * @param cudaVisibleDevices the {@code CUDA_VISIBLE_DEVICES} variable, or null when not set
 * @param gpu the GPU asked for ({@code device=gpu:N})
 * @param engineError the engine's message when it refused the device, or null
 */
public record GpuDiagnosis(boolean gpuNatives, String cudaProblem, boolean driver, NvidiaSmi.Query smi,
	String cudaVisibleDevices, int gpu, String engineError) {

	/** The reason for a build without GPU natives. */
	public static final String CPU_NATIVES = "this build has TensorFlow's CPU-only natives (for GPUs build with " +
		"-Pgpu, or run UNET_GPU=1 ./unet; see docs/GPU.md)";

	/** The most likely reason first. */
	public String reason() {
		if (!gpuNatives) return CPU_NATIVES;
		if (!driver && smi.problem() != null) return "no NVIDIA driver found (no /proc/driver/nvidia/version; " +
			smi.problem() + "); install the NVIDIA driver";
		if (cudaVisibleDevices != null && NvidiaSmi.physicalId(gpu, cudaVisibleDevices) == null)
			return "CUDA_VISIBLE_DEVICES=" + cudaVisibleDevices + " hides GPU " + gpu;
		if (smi.problem() != null) return "the NVIDIA driver does not answer: " + smi.problem();
		int listed = smi.gpus().size();
		if (listed == 0) return "nvidia-smi lists no GPU";
		if (cudaVisibleDevices == null && gpu >= listed) return "there is no GPU " + gpu + ": nvidia-smi lists " +
			listed + (listed == 1 ? " GPU (device=gpu:0)" : " GPUs (device=gpu:0 to gpu:" + (listed - 1) + ")");
		if (cudaProblem != null) return "TensorFlow found no usable GPU; the CUDA 12 / cuDNN 9 libraries were not " +
			"loaded: " + cudaProblem;
		return "TensorFlow found no usable GPU although nvidia-smi lists " +
			smi.gpus().get(Math.min(gpu, listed - 1)).name() +
			(engineError != null ? ": " + engineError : "; the driver may be too old for CUDA 12 (525 or " +
				"newer is needed): run with TF_CPP_MIN_LOG_LEVEL=0 to see TensorFlow's reason");
	}
}
