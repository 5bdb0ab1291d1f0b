package org.unetfiji.image.processing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The groups of a tensor's values that share statistics or parameters: values with the same position along the
 * kept axes. A kept axis of size 1 applies to every position of that axis in a tensor (so statistics of a whole image
 * with one batch entry apply to every tile in a batch).
 *
 * @param axes the kept axes
 * @param sizes their sizes (1: the same for every position)
 */
record Groups(List<String> axes, long[] sizes) {

	Groups {
		axes = List.copyOf(axes);
	}

	/** One group: everything shares the same value. */
	static final Groups ALL = new Groups(List.of(), new long[0]);

	/** Groups of {@code tensor} keeping every axis but {@code reduced} ({@code null}: all reduced). */
	static Groups keepingAllBut(AxisTensor tensor, List<String> reduced) {
		if (reduced == null) return ALL;
		for (String axis : reduced)
			if (tensor.axis(axis) < 0) throw new IllegalArgumentException(
				"axis '" + axis + "' is not one of the tensor's axes " + tensor.axes());
		List<String> kept = new ArrayList<>();
		List<Long> sizes = new ArrayList<>();
		for (int d = 0; d < tensor.shape().length; d++) {
			if (reduced.contains(tensor.axes().get(d))) continue;
			kept.add(tensor.axes().get(d));
			sizes.add(tensor.shape()[d]);
		}
		return new Groups(kept, sizes.stream().mapToLong(Long::longValue).toArray());
	}

	/** Groups along one axis (per-channel parameters), {@code size} values. */
	static Groups along(String axis, int size) {
		return new Groups(List.of(axis), new long[]{ size });
	}

	int count() {
		return (int) Arrays.stream(sizes).reduce(1, Math::multiplyExact);
	}

	/** The group of each value of {@code tensor}. */
	int[] of(AxisTensor tensor) {
		long[] shape = tensor.shape();
		long[] strides = new long[shape.length];
		long stride = 1;
		for (int d = shape.length - 1; d >= 0; d--) {
			strides[d] = stride;
			stride *= shape[d];
		}
		int[] dims = new int[axes.size()];
		for (int k = 0; k < dims.length; k++) {
			dims[k] = tensor.axis(axes.get(k));
			if (dims[k] < 0) throw new IllegalArgumentException(
				"the tensor has no axis '" + axes.get(k) + "' (it has " + tensor.axes() + ")");
			if (sizes[k] != 1 && sizes[k] != shape[dims[k]]) throw new IllegalArgumentException("axis '" + axes.get(k) +
				"' has " + shape[dims[k]] + " entries but the step has values for " + sizes[k]);
		}
		int[] groups = new int[tensor.data().length];
		if (dims.length == 0) return groups;
		for (int i = 0; i < groups.length; i++) {
			long group = 0;
			for (int k = 0; k < dims.length; k++) {
				long position = sizes[k] == 1 ? 0 : i / strides[dims[k]] % shape[dims[k]];
				group = group * sizes[k] + position;
			}
			groups[i] = (int) group;
		}
		return groups;
	}

	/** The values of each group, in tensor order. */
	float[][] values(AxisTensor tensor) {
		int[] groups = of(tensor);
		int[] counts = new int[count()];
		for (int g : groups)
			counts[g]++;
		float[][] values = new float[counts.length][];
		for (int g = 0; g < counts.length; g++)
			values[g] = new float[counts[g]];
		int[] filled = new int[counts.length];
		for (int i = 0; i < groups.length; i++)
			values[groups[i]][filled[groups[i]]++] = tensor.data()[i];
		return values;
	}
}
