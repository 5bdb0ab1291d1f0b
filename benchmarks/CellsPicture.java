import java.awt.Color;
import java.awt.Font;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

/**
 * The picture of docs/cells.md: one z slice of a membrane-stained stack, the boundary probability of
 * {@code ./unet segment} and its cells (instances in random colours, the truth's cell borders drawn in white when a
 * truth stack is given), side by side at twice the size with titles, as a PNG.
 *
 * <pre>
 * java -cp "target/cli/lib/*" benchmarks/CellsPicture.java IMAGE.tif OUT/NAME.probabilities.tif OUT/NAME.instances.tif Z PICTURE.png [TRUTH.tif]
 * </pre>
 */
public class CellsPicture {

	public static void main(String[] args) {
		ImagePlus image = IJ.openImage(args[0]);
		ImagePlus probabilities = IJ.openImage(args[1]);
		ImagePlus instances = IJ.openImage(args[2]);
		int z = Integer.parseInt(args[3]);
		ImagePlus truth = args.length > 5 ? IJ.openImage(args[5]) : null;

		ImageProcessor raw = image.getStack().getProcessor(z + 1).duplicate();
		raw.resetMinAndMax();
		raw.setMinAndMax(raw.getMin(), percentile(raw, 0.998));
		int boundaryChannel = probabilities.getNChannels();
		ImageProcessor boundary = probabilities.getStack()
			.getProcessor(probabilities.getStackIndex(boundaryChannel, z + 1, 1)).duplicate();
		boundary.setMinAndMax(0, 1);
		ImageProcessor cells = instances.getStack().getProcessor(z + 1);
		ImageProcessor borders = truth == null ? null : truth.getStack().getProcessor(z + 1);

		int width = image.getWidth();
		int height = image.getHeight();
		int title = 16;
		int zoom = 2;
		ColorProcessor picture = new ColorProcessor(3 * zoom * width + 8, zoom * height + title);
		picture.setColor(Color.WHITE);
		picture.fill();
		picture.insert(raw.convertToRGB().resize(zoom * width, zoom * height), 0, title);
		picture.insert(boundary.convertToRGB().resize(zoom * width, zoom * height), zoom * width + 4, title);
		ColorProcessor coloured = new ColorProcessor(width, height);
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				int id = (int) cells.getf(x, y);
				int rgb = id == 0 ? 0 : colour(id);
				if (borders != null && isBorder(borders, x, y)) rgb = 0xffffff;
				coloured.set(x, y, rgb);
			}
		coloured.setInterpolationMethod(ImageProcessor.NONE);
		picture.insert(coloured.resize(zoom * width, zoom * height), 2 * zoom * width + 8, title);
		picture.setColor(Color.BLACK);
		picture.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		picture.drawString("membrane stain", 2, title - 2);
		picture.drawString("boundary probability", zoom * width + 6, title - 2);
		picture.drawString(borders == null ? "cells" : "cells, true borders", 2 * zoom * width + 10, title - 2);
		new FileSaver(new ImagePlus("cells", picture)).saveAsPng(args[4]);
	}

	private static boolean isBorder(ImageProcessor labels, int x, int y) {
		float v = labels.getf(x, y);
		return x + 1 < labels.getWidth() && labels.getf(x + 1, y) != v ||
			y + 1 < labels.getHeight() && labels.getf(x, y + 1) != v;
	}

	/** A bright colour per id, the same on every run. */
	private static int colour(int id) {
		java.util.Random random = new java.util.Random(id * 7919L);
		return Color.HSBtoRGB(random.nextFloat(), 0.6f + 0.4f * random.nextFloat(),
			0.75f + 0.25f * random.nextFloat()) & 0xffffff;
	}

	private static double percentile(ImageProcessor ip, double fraction) {
		float[] values = (float[]) ip.convertToFloat().getPixels();
		float[] sorted = values.clone();
		java.util.Arrays.sort(sorted);
		return sorted[(int) Math.min(sorted.length - 1, Math.round(fraction * (sorted.length - 1)))];
	}
}
