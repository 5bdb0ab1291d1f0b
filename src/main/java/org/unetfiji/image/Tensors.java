package org.unetfiji.image;

import java.util.Arrays;
import java.util.Objects;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Converts between image frames and the flat, channels-last {@code float} arrays that TensorFlow uses
 * (NDHWC / NHWC without the batch dimension): element {@code [z][y][x][c]} in C order, i.e. at index
 * {@code ((z * sizeY + y) * sizeX + x) * sizeC + c}.
 */
public final class Tensors {

	private Tensors() {}

	/**
	 * Copies one frame into a new channels-last array.
	 *
	 * @param frame 4-D X, Y, C, Z (e.g. {@link Hyperstack#frame(long)} or a tile of it); any origin
	 * @return {@code sizeZ * sizeY * sizeX * sizeC} values in [z][y][x][c] order
	 */
	public static float[] toChannelsLast(RandomAccessibleInterval<? extends RealType<?>> frame) {
		float[] target = new float[checkedSize(frame)];
		copyToChannelsLast(frame, target);
		return target;
	}

	/**
	 * Copies one frame into an existing channels-last array (to reuse a buffer across tiles).
	 *
	 * @param frame 4-D X, Y, C, Z; any origin
	 * @param target array of exactly {@code sizeZ * sizeY * sizeX * sizeC} elements
	 */
	public static void copyToChannelsLast(RandomAccessibleInterval<? extends RealType<?>> frame, float[] target) {
		int size = checkedSize(frame);
		if (target.length != size)
			throw new IllegalArgumentException("Target holds " + target.length + " values, frame has " + size);
		RandomAccessibleInterval<? extends RealType<?>> f = Views.zeroMin(frame);
		int sizeC = (int) f.dimension(2);
		int planeStride = (int) (f.dimension(0) * f.dimension(1)) * sizeC;
		for (int z = 0; z < f.dimension(3); z++)
			for (int c = 0; c < sizeC; c++) {
				// one X-fastest pass per (z, c) plane, writing every sizeC-th element
				Cursor<? extends RealType<?>> cursor = Views
					.flatIterable(Views.hyperSlice(Views.hyperSlice(f, 3, z), 2, c)).cursor();
				for (int i = z * planeStride + c, end = (z + 1) * planeStride; i < end; i += sizeC)
					target[i] = cursor.next().getRealFloat();
			}
	}

	/**
	 * Views a channels-last array as a single-frame Hyperstack without copying: writes to either side are
	 * visible in the other. The result is uncalibrated; use {@link Hyperstack#withData} to give it an input's
	 * calibration.
	 *
	 * @param data values in C order
	 * @param shape the tensor shape without the batch dimension: {sizeY, sizeX, sizeC} (2-D) or
	 *            {sizeZ, sizeY, sizeX, sizeC} (3-D)
	 */
	public static Hyperstack<FloatType> fromChannelsLast(float[] data, long... shape) {
		Objects.requireNonNull(data, "data");
		if (shape.length != 3 && shape.length != 4) throw new IllegalArgumentException(
			"Shape must be {Y, X, C} or {Z, Y, X, C}, got " + Arrays.toString(shape));
		long sizeZ = shape.length == 4 ? shape[0] : 1;
		long sizeY = shape[shape.length - 3], sizeX = shape[shape.length - 2], sizeC = shape[shape.length - 1];
		long count = 1;
		for (long s : shape) {
			if (s <= 0)
				throw new IllegalArgumentException("Shape sizes must be positive, got " + Arrays.toString(shape));
			count *= s;
		}
		if (count != data.length) throw new IllegalArgumentException(
			"Shape " + Arrays.toString(shape) + " needs " + count + " values, array has " + data.length);
		// memory order C, X, Y, Z (first index fastest) -> move C to position 2 -> X, Y, C, Z -> add T
		RandomAccessibleInterval<FloatType> cxyz = ArrayImgs.floats(data, sizeC, sizeX, sizeY, sizeZ);
		return Hyperstack.uncalibrated(Views.addDimension(Views.moveAxis(cxyz, 0, Hyperstack.AXIS_C), 0, 0), "");
	}

	private static int checkedSize(RandomAccessibleInterval<?> frame) {
		Objects.requireNonNull(frame, "frame");
		if (frame.numDimensions() != 4) throw new IllegalArgumentException(
			"A frame must be 4-D (X, Y, C, Z), got " + frame.numDimensions() + " dimensions");
		long size = frame.size();
		if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(
			"Frame of " + size + " values does not fit in one Java array; " + "process it in tiles");
		return (int) size;
	}

	/** Shape of one frame as a channels-last tensor: {@code (y, x, c)}, or {@code (z, y, x, c)} for a stack. */
	public static long[] frameShape(Hyperstack<?> image) {
		return image.is3D() ? new long[]{ image.sizeZ(), image.sizeY(), image.sizeX(), image.sizeC() }
			: new long[]{ image.sizeY(), image.sizeX(), image.sizeC() };
	}
}
