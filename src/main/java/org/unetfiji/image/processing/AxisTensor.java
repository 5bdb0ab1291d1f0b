package org.unetfiji.image.processing;

import java.util.Arrays;
import java.util.List;

/**
 * A dense float tensor in C order with an id per axis, e.g. {@code (batch, channel, y, x)}: what processing steps
 * work on.
 *
 * @param data the values, last axis fastest
 * @param shape the size of each axis
 * @param axes the axis ids, one per axis
 */
public record AxisTensor(float[] data, long[] shape, List<String> axes) {

	public AxisTensor {
		axes = List.copyOf(axes);
		if (axes.size() != shape.length)
			throw new IllegalArgumentException("axes " + axes + " do not match shape " + Arrays.toString(shape));
		if (Arrays.stream(shape).reduce(1, Math::multiplyExact) != data.length)
			throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " +
				Arrays.stream(shape).reduce(1, Math::multiplyExact) + " values, got " + data.length);
	}

	/** A copy whose data can be changed without changing this tensor's. */
	public AxisTensor copy() {
		return new AxisTensor(data.clone(), shape.clone(), axes);
	}

	/** The position of axis {@code id}; -1 when there is none. */
	public int axis(String id) {
		return axes.indexOf(id);
	}
}
