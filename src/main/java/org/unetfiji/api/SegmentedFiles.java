package org.unetfiji.api;

import java.nio.file.Path;

/**
 * The files written for one image: {@code NAME.probabilities.tif}, {@code NAME.labels.tif},
 * {@code NAME.instances.tif} and {@code NAME.overlay.png}.
 *
 * @param image the image's file name, or its name when it came from memory
 * @param size {@code X, Y, Z} in voxels
 */
public record SegmentedFiles(String image, long[] size, double seconds, Path probabilities, Path labels, Path instances,
	Path overlay) {

	/** The line the command line prints, e.g. {@code a.tif: 96×96×1 px, 0.3 s -> a.probabilities.tif, ...}. */
	public String describe() {
		return String.format("%s: %d×%d×%d px, %.1f s -> %s, %s, %s, %s", image, size[0], size[1], size[2], seconds,
			probabilities.getFileName(), labels.getFileName(), instances.getFileName(), overlay.getFileName());
	}
}
