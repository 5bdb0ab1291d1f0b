package org.unetfiji.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.unetfiji.metrics.TestImages.image;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.logic.BitType;
import net.imglib2.img.Img;

class PartitionMetricsTest {

	private static final double EPS = 1e-12;

	private static double log2(double x) {
		return Math.log(x) / Math.log(2);
	}

	@Test
	void identicalPartitionsScoreZero() {
		int[][] cells = { { 1, 1, 2, 2 }, { 3, 3, 2, 2 } };
		int[][] renamed = { { 7, 7, 0, 0 }, { 9, 9, 0, 0 } };
		PartitionMetrics m = PartitionMetrics.compute(image(cells), image(renamed));
		assertEquals(0, m.adaptedRandError(), EPS);
		assertEquals(0, m.variationOfInformation(), EPS);
	}

	@Test
	void oneCellSplitInTwo() {
		// c = [[2, 2]], n = 4: P = 8 - 4 = 4, Σa² - n = 16 - 4 = 12, Σb² - n = 8 - 4 = 4
		// split = 1/3, merge = 1, F = 2·(1/3)/(4/3) = 1/2; H(pred | truth) = 1 bit, H(truth | pred) = 0
		PartitionMetrics m = PartitionMetrics.compute(image(new int[][]{ { 1, 1, 1, 1 } }),
			image(new int[][]{ { 1, 1, 2, 2 } }));
		assertEquals(1 / 3.0, m.randSplit(), EPS);
		assertEquals(1, m.randMerge(), EPS);
		assertEquals(0.5, m.adaptedRandError(), EPS);
		assertEquals(1, m.viSplit(), EPS);
		assertEquals(0, m.viMerge(), EPS);
	}

	@Test
	void twoCellsMergedIntoOne() {
		PartitionMetrics m = PartitionMetrics.compute(image(new int[][]{ { 1, 1, 2, 2 } }),
			image(new int[][]{ { 5, 5, 5, 5 } }));
		assertEquals(1, m.randSplit(), EPS);
		assertEquals(1 / 3.0, m.randMerge(), EPS);
		assertEquals(0.5, m.adaptedRandError(), EPS);
		assertEquals(0, m.viSplit(), EPS);
		assertEquals(1, m.viMerge(), EPS);
	}

	@Test
	void shiftedBoundaryByHand() {
		// c(1,1)=2 c(1,2)=1 c(2,2)=2 c(2,3)=1, n = 6: P = 10 - 6 = 4; Σa² - n = 18 - 6 = 12; Σb² - n = 14 - 6 = 8
		// split = 1/3, merge = 1/2, F = 0.4
		PartitionMetrics m = PartitionMetrics.compute(image(new int[][]{ { 1, 1, 1, 2, 2, 2 } }),
			image(new int[][]{ { 1, 1, 2, 2, 2, 3 } }));
		assertEquals(1 / 3.0, m.randSplit(), EPS);
		assertEquals(0.5, m.randMerge(), EPS);
		assertEquals(0.6, m.adaptedRandError(), EPS);
		double joint = 2 / 3.0 * log2(3) + 1 / 3.0 * log2(6);
		double predicted = 1 / 3.0 * log2(3) + 0.5 + 1 / 6.0 * log2(6);
		assertEquals(joint - 1, m.viSplit(), EPS);
		assertEquals(joint - predicted, m.viMerge(), EPS);
		assertEquals(2 * joint - 1 - predicted, m.metrics().get("vi"), EPS);
	}

	@Test
	void truthZeroAndIgnoredVoxelsDoNotCount() {
		// the wrong voxels lie where the truth is 0 or ignored
		Img<BitType> ignored = ArrayImgs.bits(4, 1);
		var access = ignored.randomAccess();
		access.setPosition(new long[]{ 3, 0 });
		access.get().set(true);
		PartitionMetrics m = PartitionMetrics.compute(image(new int[][]{ { 0, 1, 1, 1 } }),
			image(new int[][]{ { 4, 1, 1, 6 } }), ignored);
		assertEquals(0, m.adaptedRandError(), EPS);
		assertEquals(0, m.variationOfInformation(), EPS);
	}
}
