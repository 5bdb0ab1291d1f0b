package org.unetfiji.engine.tensorflow;

import org.bytedeco.javacpp.Loader;
import org.tensorflow.TensorFlow;

/**
 * TensorFlow's native library, started once per JVM (class initialisation): with the GPU natives on the class path,
 * the CUDA libraries are loaded first (see {@link CudaLibraries}).
 *
 * @param version TensorFlow's version, e.g. {@code 2.18.0}
 * @param gpuBuild whether the native library loaded is TensorFlow's GPU build
 * @param cudaProblem for the GPU build: why the bundled CUDA libraries were not loaded, or null
 */
record TensorFlowNatives(String version, boolean gpuBuild, String cudaProblem) {

	private static final class Started {
		static final TensorFlowNatives NATIVES = start();
	}

	/** The natives, started on first use. */
	static TensorFlowNatives get() {
		return Started.NATIVES;
	}

	private static TensorFlowNatives start() {
		String gpuFolder = "org/tensorflow/internal/c_api/" + Loader.getPlatform() + "-gpu/";
		boolean gpuNatives = TensorFlowNatives.class.getClassLoader().getResource(gpuFolder) != null;
		String cudaProblem = gpuNatives ? CudaLibraries.load() : null;
		String version = TensorFlow.version();
		boolean gpuBuild = Loader.getLoadedLibraries().values().stream()
			.anyMatch(path -> path != null && path.replace('\\', '/').contains(gpuFolder));
		return new TensorFlowNatives(version, gpuBuild, cudaProblem);
	}
}
