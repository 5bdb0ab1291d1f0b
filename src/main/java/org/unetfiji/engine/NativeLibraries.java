package org.unetfiji.engine;

import java.util.List;
import java.util.Map;

/**
 * Where an engine's natives jars put its native library on each platform that they exist for: a folder per platform,
 * named as the library names its platforms (TensorFlow {@code windows-x86_64}, ONNX Runtime {@code win-x64}, DJL
 * {@code win-x86_64}), in which the library has the platform's file name ({@link Platform#libraryFile}).
 *
 * @param platformNames the library's name for each platform it has natives for
 * @param folders the folders in its jars, with {@code {platform}} for the platform's name; any one suffices (e.g.
 *            the CPU and the GPU build's)
 * @param library the native library looked for, e.g. {@code jnitensorflow}
 */
public record NativeLibraries(Map<Platform, String> platformNames, List<String> folders, String library) {

	/** An engine in pure Java: it runs everywhere, and there is nothing to look for. */
	public static final NativeLibraries NONE = new NativeLibraries(null, List.of(), null);

	/** Whether the engine has native code for the platform. */
	public boolean runsOn(Platform platform) {
		return platformNames == null || platformNames.containsKey(platform);
	}

	/** The resource paths of the library on the platform; none where it has no natives, or needs none. */
	public List<String> paths(Platform platform) {
		if (platformNames == null || !runsOn(platform)) return List.of();
		return folders.stream()
			.map(folder -> folder.replace("{platform}", platformNames.get(platform)) + platform.libraryFile(library))
			.toList();
	}
}
