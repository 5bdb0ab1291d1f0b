package org.unetfiji.training.weights;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/** Opens label images of the shared data folder as ImgLib2 images, for tests. */
final class LabelImages {

	/** The shared data folder, beside the checkout. */
	static final Path DATA = Path.of("..", "shared", "data");

	private LabelImages() {}

	/** A label image and its voxel size (x, y[, z]). */
	record Labels(Img<UnsignedShortType> image, double[] voxelSize) {}

	/**
	 * Opens {@code DATA/relativePath} (a 2D image or a Z stack) as an X, Y[, Z] image; skips the test when the
	 * shared data folder is absent.
	 */
	static Labels open(String relativePath) {
		Path path = DATA.resolve(relativePath);
		assumeTrue(Files.isRegularFile(path), () -> "shared data not found: " + path.toAbsolutePath());
		ImagePlus imp = IJ.openImage(path.toString());
		assertNotNull(imp, () -> "cannot open " + path);
		ImageStack stack = imp.getStack();
		int width = stack.getWidth();
		int height = stack.getHeight();
		int depth = stack.getSize();
		int area = width * height;
		short[] data = new short[area * depth];
		for (int z = 0; z < depth; z++) {
			ImageProcessor slice = stack.getProcessor(z + 1);
			for (int i = 0; i < area; i++)
				data[z * area + i] = (short) slice.get(i);
		}
		Calibration calibration = imp.getCalibration();
		if (depth == 1) return new Labels(ArrayImgs.unsignedShorts(data, width, height),
			new double[]{ calibration.pixelWidth, calibration.pixelHeight });
		return new Labels(ArrayImgs.unsignedShorts(data, width, height, depth),
			new double[]{ calibration.pixelWidth, calibration.pixelHeight, calibration.pixelDepth });
	}
}
