package org.unetfiji.fiji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.ImagePlusBridge;

import ij.ImagePlus;
import ij.WindowManager;

/**
 * The values of a command's image keys, which name an open image by its title as well as a file or folder. The
 * {@code ./unet} commands and the evaluation read files, so an open image is written (with its calibration, the
 * image itself untouched) into a scratch folder that is deleted when this is closed.
 */
final class ImageArguments implements AutoCloseable {

	private Path scratch;

	/**
	 * The file or folder that a key's value names: the open image with that title, written as {@code TITLE.tif},
	 * or else the path.
	 *
	 * @throws IllegalArgumentException when it is neither an open image nor an existing file or folder
	 */
	Path file(String key, String value) throws IOException {
		ImagePlus image = WindowManager.getImage(value);
		return image != null ? write(image, key, ImageFiles.baseName(image.getTitle())) : existing(key, value);
	}

	/**
	 * The folder that a key's value names, for commands that pair the files of two folders by name: the open
	 * image with that title, written as {@code NAME.tif} into a folder of its own, or else the path.
	 *
	 * @throws IllegalArgumentException when it is neither an open image nor an existing file or folder
	 */
	Path folder(String key, String value, String name) throws IOException {
		ImagePlus image = WindowManager.getImage(value);
		return image != null ? write(image, key, name).getParent() : existing(key, value);
	}

	/** A path in the scratch folder, for a file that a command writes and the caller reads. */
	Path scratchFile(String name) throws IOException {
		return scratch().resolve(name);
	}

	@Override
	public void close() throws IOException {
		if (scratch == null) return;
		try (var paths = Files.walk(scratch)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList())
				Files.deleteIfExists(p);
		}
	}

	private Path write(ImagePlus image, String key, String name) throws IOException {
		Path file = scratch().resolve(key).resolve(name + ".tif");
		ImageFiles.write(ImagePlusBridge.wrap(image), file);
		return file;
	}

	private Path scratch() throws IOException {
		if (scratch == null) scratch = Files.createTempDirectory("unet-fiji-");
		return scratch;
	}

	private static Path existing(String key, String value) {
		Path path = Path.of(value);
		if (!Files.exists(path)) throw new IllegalArgumentException(key + "=" + value +
			" is neither the title of an open image nor a file or folder");
		return path;
	}
}
