package org.unetfiji.evaluation;

import java.io.IOException;
import java.nio.file.Path;

import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;

/**
 * A label image to evaluate: a file, or an image in memory (an open image in Fiji), which pairs by name and appears in
 * messages as {@code NAME.tif}, the file it would be if saved.
 */
public sealed interface LabelSource {

	/** The name it pairs by and messages give, with extension: {@code 020.labels.tif}. */
	String fileName();

	/** The labels as an integer image (see {@link LabelFiles}). */
	Img<IntType> read() throws IOException;

	/** A label file. */
	record File(Path path) implements LabelSource {

		@Override
		public String fileName() {
			return path.getFileName().toString();
		}

		@Override
		public Img<IntType> read() throws IOException {
			return LabelFiles.read(path);
		}
	}

	/** A label image in memory, named {@code NAME.tif} after the image's name without extension. */
	record InMemory(String fileName, Hyperstack<?> image) implements LabelSource {

		public InMemory(Hyperstack<?> image) {
			this(ImageFiles.baseName(image.name()) + ".tif", image);
		}

		@Override
		public Img<IntType> read() throws IOException {
			return LabelFiles.labels(image, fileName);
		}
	}
}
