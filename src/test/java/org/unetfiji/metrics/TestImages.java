package org.unetfiji.metrics;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;

/** Builders for small hand-made label images and a loader for the shared test data. */
public final class TestImages {

	private TestImages() {}

	/** 2D image from rows: {@code rows[y][x]}. */
	public static Img<IntType> image(int[][] rows) {
		int h = rows.length, w = rows[0].length;
		int[] data = new int[w * h];
		for (int y = 0; y < h; y++)
			System.arraycopy(rows[y], 0, data, y * w, w);
		return ArrayImgs.ints(data, w, h);
	}

	/** 3D image from slices: {@code slices[z][y][x]}. */
	public static Img<IntType> image(int[][][] slices) {
		int d = slices.length, h = slices[0].length, w = slices[0][0].length;
		int[] data = new int[w * h * d];
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				System.arraycopy(slices[z][y], 0, data, (z * h + y) * w, w);
		return ArrayImgs.ints(data, w, h, d);
	}

	/** Image of the given size filled with zeros. */
	public static Img<IntType> zeros(long... dims) {
		return ArrayImgs.ints(dims);
	}

	/** Opens an 8- or 16-bit label image or stack (X, Y[, Z]) of the shared data folder as raw integer values. */
	public static Img<IntType> openShared(String relativePath) {
		String path = "../shared/data/" + relativePath;
		ImagePlus imp = IJ.openImage(path);
		if (imp == null) throw new IllegalStateException("Cannot open " + path);
		ImageStack stack = imp.getStack();
		int w = imp.getWidth(), h = imp.getHeight(), d = stack.getSize();
		int[] data = new int[w * h * d];
		for (int z = 0; z < d; z++) {
			var ip = stack.getProcessor(z + 1);
			for (int i = 0; i < w * h; i++)
				data[z * w * h + i] = ip.get(i);
		}
		return d == 1 ? ArrayImgs.ints(data, w, h) : ArrayImgs.ints(data, w, h, d);
	}

	/** Writes a 2D or 3D label image with values in [0, 65535] as a 16-bit TIFF (slices = Z). */
	public static Path writeTiff(Img<IntType> labels, Path file) {
		int w = (int) labels.dimension(0), h = (int) labels.dimension(1);
		int d = labels.numDimensions() > 2 ? (int) labels.dimension(2) : 1;
		ImageStack stack = new ImageStack(w, h);
		Cursor<IntType> cursor = labels.cursor();
		for (int z = 0; z < d; z++) {
			short[] pixels = new short[w * h];
			for (int i = 0; i < pixels.length; i++)
				pixels[i] = (short) cursor.next().get();
			stack.addSlice(new ShortProcessor(w, h, pixels, null));
		}
		if (!IJ.saveAsTiff(new ImagePlus(file.getFileName().toString(), stack), file.toString()))
			throw new IllegalStateException("Cannot write " + file);
		return file;
	}

	/** Number of distinct non-zero values. */
	public static int countLabels(Img<IntType> labels) {
		Set<Integer> values = new HashSet<>();
		for (IntType v : labels)
			if (v.get() != 0) values.add(v.get());
		return values.size();
	}
}
