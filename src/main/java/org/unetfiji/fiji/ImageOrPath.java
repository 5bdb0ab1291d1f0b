package org.unetfiji.fiji;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.WindowManager;

/**
 * The value of an image key, which names an open image by its title or else a file or folder; an open image goes to
 * the core as it is in memory, never through a scratch file. In a dialog such a key (a text parameter with the
 * widget style {@link #FOLDER} or {@link #FILE_OR_FOLDER}) is a choice of the open images' titles, then that browse
 * item, which asks for the path in a file dialog and puts it into the list; a macro gives a title or a path, as
 * before.
 *
 * @param image the open image with that title; {@code null} for a path
 * @param path the existing file or folder; {@code null} for an open image
 */
public record ImageOrPath(ImagePlus image, Path path) {

	/** Widget style and last choice of an image key that takes an open image or a folder. */
	public static final String FOLDER = "folder…";
	/** Widget style and last choice of an image key that takes an open image, a file or a folder. */
	public static final String FILE_OR_FOLDER = "file or folder…";

	/**
	 * @throws IllegalArgumentException when {@code value} is neither an open image's title nor an existing file or
	 *             folder
	 */
	static ImageOrPath of(String key, String value) {
		if (isBrowse(value)) throw new IllegalArgumentException(
			key + "=" + value + ": choose an open image, or choose the " + value.replace("…", "") + " in the dialog");
		ImagePlus image = WindowManager.getImage(value);
		if (image != null) return new ImageOrPath(image, null);
		Path path = Path.of(value);
		if (!Files.exists(path)) throw new IllegalArgumentException(
			key + "=" + value + " is neither the title of an open image nor a file or folder");
		return new ImageOrPath(null, path);
	}

	/** Whether a choice is a browse item, which asks for a path rather than being a value. */
	public static boolean isBrowse(String choice) {
		return FOLDER.equals(choice) || FILE_OR_FOLDER.equals(choice);
	}

	/** A dialog's choices for an image key of this widget style: the open images' titles, then the browse item. */
	public static List<String> choices(String style) {
		List<String> choices = new ArrayList<>();
		String[] titles = WindowManager.getImageTitles();
		if (titles != null) choices.addAll(List.of(titles));
		choices.add(style);
		return choices;
	}
}
