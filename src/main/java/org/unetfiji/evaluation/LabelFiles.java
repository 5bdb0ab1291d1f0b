package org.unetfiji.evaluation;

import java.io.IOException;
import java.nio.file.Path;

import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Reads label images (class maps, masks or instance ids) from TIFF or PNG files as 2D (X, Y) or 3D (X, Y, Z) integer
 * images. 8- and 16-bit images are read as they are; a 32-bit image is accepted when every value is a whole number
 * (instance ids beyond 65535), so that a probability map given by mistake is refused.
 */
public final class LabelFiles {

	private LabelFiles() {}

	/**
	 * @throws IOException if the file cannot be read, has several channels or time points, or holds fractional values;
	 *             the message names the file
	 */
	public static Img<IntType> read(Path file) throws IOException {
		return labels(ImageFiles.read(file), file.getFileName().toString());
	}

	/**
	 * The labels of an image in memory, checked as those of a file.
	 *
	 * @param name the name messages give
	 * @throws IOException if the image has several channels or time points, or holds fractional values
	 */
	public static Img<IntType> labels(Hyperstack<?> image, String name) throws IOException {
		if (image.sizeC() != 1 || image.sizeT() != 1)
			throw new IOException(name + " has " + image.sizeC() + " channel(s) and " + image.sizeT() +
				" time point(s); a label image has one of each (for probabilities give NAME.labels.tif)");
		RandomAccessibleInterval<? extends RealType<?>> view = Views.hyperSlice(image.frame(0), Hyperstack.AXIS_C, 0);
		if (image.sizeZ() == 1) view = Views.hyperSlice(view, 2, 0);
		Img<IntType> labels = ArrayImgs.ints(view.dimensionsAsLongArray());
		Cursor<IntType> out = labels.cursor();
		for (RealType<?> pixel : Views.flatIterable(view)) {
			double value = pixel.getRealDouble();
			if (value != Math.rint(value) || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
				throw new IOException(name + " holds the value " + value +
					", not a label; give a label image (class numbers or object ids), e.g. NAME.labels.tif");
			out.next().set((int) value);
		}
		return labels;
	}
}
