package org.unetfiji.fiji;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.WindowManager;

/**
 * The value of an image key, which names an open image by its title or else a file or folder; an open image goes to
 * the core as it is in memory, never through a scratch file.
 *
 * @param image the open image with that title; {@code null} for a path
 * @param path the existing file or folder; {@code null} for an open image
 */
record ImageOrPath(ImagePlus image, Path path) {

	/**
	 * @throws IllegalArgumentException when {@code value} is neither an open image's title nor an existing file or
	 *             folder
	 */
	static ImageOrPath of(String key, String value) {
		ImagePlus image = WindowManager.getImage(value);
		if (image != null) return new ImageOrPath(image, null);
		Path path = Path.of(value);
		if (!Files.exists(path)) throw new IllegalArgumentException(
			key + "=" + value + " is neither the title of an open image nor a file or folder");
		return new ImageOrPath(null, path);
	}
}
