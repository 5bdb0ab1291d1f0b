package org.unetfiji.image;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.ImageProcessor;

/** {@link PlaneSource} over an ImagePlus, plane by plane through its (possibly virtual) stack. */
final class ImagePlusPlanes implements PlaneSource {

	private final ImagePlus imp;

	ImagePlusPlanes(ImagePlus imp) {
		if (imp.getType() == ImagePlus.COLOR_RGB) throw new IllegalArgumentException("\"" + imp.getTitle() +
			"\" is an RGB colour image; convert it to grey values (Image > Type) or split its channels first");
		this.imp = imp;
	}

	@Override
	public long[] dimensions() {
		return new long[]{ imp.getWidth(), imp.getHeight(), imp.getNChannels(), imp.getNSlices(), imp.getNFrames() };
	}

	@Override
	public int bitDepth() {
		return imp.getBitDepth() == 24 ? 32 : imp.getBitDepth();
	}

	@Override
	public void read(int c, int z, int t, float[] target) {
		ImageProcessor plane = imp.getStack().getProcessor(imp.getStackIndex(c + 1, z + 1, t + 1));
		Object pixels = plane.getPixels();
		if (pixels instanceof byte[] bytes) for (int i = 0; i < target.length; i++)
			target[i] = bytes[i] & 0xff;
		else if (pixels instanceof short[] shorts) for (int i = 0; i < target.length; i++)
			target[i] = shorts[i] & 0xffff;
		else System.arraycopy((float[]) pixels, 0, target, 0, target.length);
	}

	@Override
	public double[] voxelSize() {
		Calibration cal = imp.getCalibration();
		return new double[]{ ImagePlusBridge.validSize(cal.pixelWidth), ImagePlusBridge.validSize(cal.pixelHeight),
			ImagePlusBridge.validSize(cal.pixelDepth) };
	}

	@Override
	public String unit() {
		return ImagePlusBridge.normalizedUnit(imp.getCalibration().getUnit());
	}

	@Override
	public String name() {
		return imp.getTitle();
	}
}
