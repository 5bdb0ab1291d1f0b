package org.unetfiji.image;

import ij.ImagePlus;

/**
 * A grey-value hyperstack read one plane at a time, so that a stack need not be held in memory: an ImageJ virtual
 * stack (e.g. a TIFF opened lazily by {@link ImageFiles#openLazily}) or any {@link Hyperstack}, whose planes are read
 * through views when asked for (so a cell image or an image computed on demand is never copied whole). Calibration
 * and name come along for the outputs.
 */
public interface PlaneSource {

	/** Sizes {@code X, Y, C, Z, T}. */
	long[] dimensions();

	/** Bits per stored value: 8 or 16 for integers (so percentiles can be counted exactly), 32 for floats. */
	int bitDepth();

	/**
	 * Reads one plane into {@code target} ({@code X × Y} values, X fastest). Called from one thread at a time.
	 *
	 * @param c channel, {@code z} slice and {@code t} frame, 0-based
	 */
	void read(int c, int z, int t, float[] target);

	/**
	 * Reads the window of {@code height} rows from {@code y0} and {@code width} columns from {@code x0} of a plane
	 * into {@code target} ({@code width × height} values, X fastest), e.g. the part of a plane one block of a
	 * distributed job needs. Sources that can read less than a whole plane (chunked files) override it.
	 */
	default void read(int c, int z, int t, int y0, int height, int x0, int width, float[] target) {
		if (y0 == 0 && x0 == 0 && height == sizeY() && width == sizeX()) {
			read(c, z, t, target);
			return;
		}
		float[] plane = new float[sizeX() * sizeY()];
		read(c, z, t, plane);
		for (int y = 0; y < height; y++)
			System.arraycopy(plane, (y0 + y) * sizeX() + x0, target, y * width, width);
	}

	/** {@code {x, y, z}} voxel size in {@link #unit()}. */
	double[] voxelSize();

	String unit();

	String name();

	default int sizeX() {
		return (int) dimensions()[Hyperstack.AXIS_X];
	}

	default int sizeY() {
		return (int) dimensions()[Hyperstack.AXIS_Y];
	}

	default int sizeC() {
		return (int) dimensions()[Hyperstack.AXIS_C];
	}

	default int sizeZ() {
		return (int) dimensions()[Hyperstack.AXIS_Z];
	}

	default int sizeT() {
		return (int) dimensions()[Hyperstack.AXIS_T];
	}

	/** Planes of a hyperstack held in memory (or behind any ImgLib2 view). */
	static PlaneSource of(Hyperstack<?> image) {
		return new HyperstackPlanes(image);
	}

	/** Planes of an ImagePlus, read through its stack: a virtual stack reads each plane from disk when asked. */
	static PlaneSource of(ImagePlus imp) {
		return new ImagePlusPlanes(imp);
	}
}
