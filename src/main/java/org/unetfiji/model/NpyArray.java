package org.unetfiji.model;

import java.util.Arrays;

/**
 * An n-dimensional array of floats in C order (last axis fastest), as held by a NumPy {@code .npy} file.
 * The data array is shared, not copied.
 */
public final class NpyArray {

	private final long[] shape;
	private final float[] data;

	/**
	 * @param shape the size of each axis, outermost first; an empty shape is a scalar
	 * @param data the values in C order; its length must be the product of the sizes
	 */
	public NpyArray(long[] shape, float[] data) {
		long count = elementCount(shape);
		if (count != data.length) {
			throw new IllegalArgumentException(
				"shape " + Arrays.toString(shape) + " holds " + count + " values but the data has " + data.length);
		}
		this.shape = shape.clone();
		this.data = data;
	}

	/** The size of each axis, outermost first (a copy). */
	public long[] shape() {
		return shape.clone();
	}

	/** The values in C order (the array itself, not a copy). */
	public float[] data() {
		return data;
	}

	/**
	 * The number of values a shape holds.
	 *
	 * @throws IllegalArgumentException if a size is negative or the count overflows a Java array
	 */
	static long elementCount(long[] shape) {
		long count = 1;
		for (long size : shape) {
			if (size < 0) throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
			count = Math.multiplyExact(count, size);
			if (count > Integer.MAX_VALUE - 8) {
				throw new IllegalArgumentException(
					"shape " + Arrays.toString(shape) + " holds more values than a Java array can");
			}
		}
		return count;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof NpyArray && Arrays.equals(shape, ((NpyArray) other).shape) &&
			Arrays.equals(data, ((NpyArray) other).data);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
	}

	@Override
	public String toString() {
		return "NpyArray" + Arrays.toString(shape);
	}
}
