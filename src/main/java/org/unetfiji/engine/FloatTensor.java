package org.unetfiji.engine;

import java.util.Arrays;

/**
 * A dense float tensor in C order (last axis fastest), the only kind of data that crosses the engine boundary.
 * Image tensors are channels-last: {@code (batch, [z,] y, x, channel)}.
 */
public record FloatTensor(float[] data, long[] shape) {

	public FloatTensor {
		long size = 1;
		for (long s : shape) {
			if (s < 0) throw new IllegalArgumentException("negative tensor size in " + Arrays.toString(shape));
			size *= s;
		}
		if (size != data.length) throw new IllegalArgumentException(
			"tensor of shape " + Arrays.toString(shape) + " needs " + size + " values, got " + data.length);
	}

	/** A tensor of zeros. */
	public static FloatTensor zeros(long... shape) {
		long size = 1;
		for (long s : shape)
			size *= s;
		if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(
			"tensor of shape " + Arrays.toString(shape) + " is too large for one array; use smaller tiles");
		return new FloatTensor(new float[(int) size], shape);
	}

	/** Number of axes. */
	public int rank() {
		return shape.length;
	}

	/** Size along one axis. */
	public long size(int axis) {
		return shape[axis];
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(shape) * 31 + Arrays.hashCode(data);
	}

	@Override
	public String toString() {
		return "FloatTensor" + Arrays.toString(shape);
	}
}
