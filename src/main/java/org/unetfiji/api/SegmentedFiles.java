package org.unetfiji.api;

import java.nio.file.Path;

/**
 * The files written for one image: {@code NAME.probabilities.tif}, {@code NAME.labels.tif},
 * {@code NAME.instances.tif} and {@code NAME.overlay.png}; or the container {@code NAME.segmentation.zarr}, its label
 * images {@code labels/labels} and {@code labels/instances}, and the overlay.
 *
 * @param image the image's file name, or its name when it came from memory
 * @param size {@code X, Y, Z} in voxels
 */
public record SegmentedFiles(String image, long[] size, double seconds, Path probabilities, Path labels, Path instances,
	Path overlay) {

	/** The line the command line prints, e.g. {@code a.tif: 96×96×1 px, 0.3 s -> a.probabilities.tif, ...}. */
	public String describe() {
		return String.format("%s: %d×%d×%d px, %.1f s -> %s, %s, %s, %s", image, size[0], size[1], size[2], seconds,
			name(probabilities), name(labels), name(instances), overlay.getFileName());
	}

	/** A file's name, or inside a Zarr container the path from the container on ({@code a.zarr/labels/labels}). */
	private static String name(Path output) {
		for (int i = output.getNameCount() - 1; i >= 0; i--)
			if (output.getName(i).toString().endsWith(".zarr"))
				return output.subpath(i, output.getNameCount()).toString().replace('\\', '/');
		return output.getFileName().toString();
	}
}
