import java.io.File;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.ImageProcessor;

/**
 * Cuts the training patch of {@code ovules-cells-3d} (64 × 200 × 120 voxels, z y x) into the training part of the
 * bundled {@code cells-3d} model (y 0–143) and its validation part (y 144–199), image and labels alike, as
 * {@code OUT/train/{images,labels}/000.tif} and {@code OUT/val/...}; the test patch is not read. The voxels are
 * calibrated {@code Z_SPACING} times deeper than wide (unit "pixel", so no micrometres are claimed): the cells are
 * about 3.3 times shorter along z than across in voxels (median extents 12 × 39 × 42), so the network pools z later.
 * See CELLS-3D.md.
 *
 * <pre>
 * java -cp "target/cli/lib/*" benchmarks/CellsSplit.java ../shared/data/ovules-cells-3d OUT 3
 * </pre>
 */
public class CellsSplit {

	private static final int VALIDATION_FROM_Y = 144;

	public static void main(String[] args) {
		String data = args[0] + "/train/";
		String out = args[1];
		double zSpacing = Double.parseDouble(args[2]);
		for (String kind : new String[]{ "images", "labels" }) {
			ImagePlus patch = IJ.openImage(data + kind + "/000.tif");
			int[][] rows = { { 0, VALIDATION_FROM_Y }, { VALIDATION_FROM_Y, patch.getHeight() } };
			String[] parts = { "train", "val" };
			for (int p = 0; p < parts.length; p++) {
				int height = rows[p][1] - rows[p][0];
				ImageStack crop = new ImageStack(patch.getWidth(), height);
				for (int z = 1; z <= patch.getStackSize(); z++) {
					ImageProcessor slice = patch.getStack().getProcessor(z);
					slice.setRoi(0, rows[p][0], patch.getWidth(), height);
					crop.addSlice(slice.crop());
				}
				ImagePlus part = new ImagePlus("000", crop);
				Calibration calibration = new Calibration();
				calibration.pixelDepth = zSpacing;
				calibration.setUnit("pixel");
				part.setCalibration(calibration);
				File folder = new File(out + "/" + parts[p] + "/" + kind);
				folder.mkdirs();
				new FileSaver(part).saveAsTiffStack(folder + "/000.tif");
				System.out.println(folder + "/000.tif: " + patch.getWidth() + " × " + height + " × " +
					patch.getStackSize() + " (x y z)");
			}
		}
	}
}
