package org.unetfiji.engine.tensorflow;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.proto.RewriterConfig.Toggle;

/**
 * TensorFlow session options for a device. Every session of the engine is made with one of these, so that the first
 * GPU session of the process (which fixes TensorFlow's GPU allocator for the whole process) lets memory grow instead
 * of taking all of it.
 */
final class SessionConfig {

	private SessionConfig() {}

	/** The CPU only: no GPU devices at all, even in a GPU build on a machine with GPUs. */
	static ConfigProto cpu() {
		return ConfigProto.newBuilder().putDeviceCount("GPU", 0).setGpuOptions(growing("")).setAllowSoftPlacement(true)
			.build();
	}

	/**
	 * GPU {@code gpu} only (CUDA's numbering), which TensorFlow then calls {@code GPU:0}; memory grows as needed.
	 * Operations without a GPU kernel fall back to the CPU.
	 */
	static ConfigProto gpu(int gpu) {
		return ConfigProto.newBuilder().setGpuOptions(growing(Integer.toString(gpu))).setAllowSoftPlacement(true)
			.build();
	}

	/**
	 * The CPU options computing in bfloat16 where TensorFlow's grappler finds it safe: its "auto mixed precision for
	 * oneDNN bfloat16" rewrite turns convolutions, matrix products and their neighbours to bfloat16, leaving
	 * softmax, reductions, inputs and outputs in float32.
	 */
	static ConfigProto cpuBfloat16() {
		ConfigProto cpu = cpu();
		return cpu.toBuilder().setGraphOptions(cpu.getGraphOptions().toBuilder()
			.setRewriteOptions(RewriterConfig.newBuilder().setAutoMixedPrecisionOnednnBfloat16(Toggle.ON))).build();
	}

	/** Whether options were made by {@link #cpuBfloat16}. */
	static boolean isBfloat16(ConfigProto config) {
		return config.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16() == Toggle.ON;
	}

	private static GPUOptions growing(String visibleDevices) {
		return GPUOptions.newBuilder().setAllowGrowth(true).setVisibleDeviceList(visibleDevices).build();
	}
}
