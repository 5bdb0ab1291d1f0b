package org.unetfiji.engine.tensorflow;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bytedeco.javacpp.Loader;

/**
 * Loads the CUDA 12 and cuDNN 9 libraries that TensorFlow's GPU build opens at run time, from the
 * {@code org.bytedeco:cuda:...:linux-x86_64-redist} jar (the {@code gpu} Maven profile), before TensorFlow starts:
 * once a library is loaded, the dynamic linker hands it to TensorFlow's {@code dlopen} of its name, so a machine
 * needs only the NVIDIA driver. The jar is found as resources, so builds without it need nothing of it.
 */
final class CudaLibraries {

	/**
	 * What TensorFlow 2.18 opens (runtime, BLAS, FFT, RNG, sparse, solver, cuDNN with its sub-libraries, and the
	 * run-time compiler cuDNN uses), dependencies first; the profiler (CUPTI) and NCCL (several GPUs) are left out.
	 */
	static final List<String> LIBRARIES = List.of("libcudart.so.12", "libnvJitLink.so.12", "libnvrtc-builtins.so.12.6",
		"libnvrtc.so.12", "libcublasLt.so.12", "libcublas.so.12", "libcufft.so.11", "libcurand.so.10",
		"libcusparse.so.12", "libcusolver.so.11", "libcudnn_graph.so.9", "libcudnn_engines_precompiled.so.9",
		"libcudnn_engines_runtime_compiled.so.9", "libcudnn_heuristic.so.9", "libcudnn_ops.so.9", "libcudnn_cnn.so.9",
		"libcudnn_adv.so.9", "libcudnn.so.9");

	private CudaLibraries() {}

	/**
	 * Unpacks (into the javacpp cache, once) and loads the libraries.
	 *
	 * @return null when all were loaded, otherwise why not (one line)
	 */
	static String load() {
		String folder = "org/bytedeco/cuda/" + Loader.getPlatform() + "/";
		Map<String, URL> remaining = new LinkedHashMap<>();
		for (String library : LIBRARIES) {
			URL url = CudaLibraries.class.getClassLoader().getResource(folder + library);
			if (url == null) return remaining.isEmpty()
				? "org.bytedeco:cuda:*:" + Loader.getPlatform() + "-redist is not on the class path"
				: "the CUDA jar lacks " + library;
			remaining.put(library, url);
		}
		// a library whose dependencies are not loaded yet fails; it is tried again after the others
		Map<String, String> errors = new LinkedHashMap<>();
		while (!remaining.isEmpty()) {
			errors.clear();
			for (Map.Entry<String, URL> library : new ArrayList<>(remaining.entrySet())) {
				try {
					File file = Loader.cacheResource(library.getValue());
					System.load(file.getAbsolutePath());
					remaining.remove(library.getKey());
				}
				catch (IOException | UnsatisfiedLinkError | SecurityException e) {
					errors.put(library.getKey(), e.getMessage());
				}
			}
			if (errors.size() == remaining.size() && !remaining.isEmpty()) {
				Map.Entry<String, String> first = errors.entrySet().iterator().next();
				return "could not load " + first.getKey() + ": " + first.getValue();
			}
		}
		return null;
	}
}
