package org.unetfiji.metrics;

import java.util.Arrays;

import net.imglib2.Interval;
import net.imglib2.util.Intervals;

/** Shared argument checks for the metrics of this package. */
final class LabelImages {

	private LabelImages() {}

	static void requireSameSize(Interval truth, Interval other) {
		if (!Intervals.equalDimensions(truth, other)) throw new IllegalArgumentException("Image dimensions differ: " +
			Arrays.toString(truth.dimensionsAsLongArray()) + " vs " + Arrays.toString(other.dimensionsAsLongArray()));
	}
}
