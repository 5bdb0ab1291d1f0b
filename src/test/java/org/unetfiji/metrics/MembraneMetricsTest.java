package org.unetfiji.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.unetfiji.metrics.TestImages.image;

import org.junit.jupiter.api.Test;

class MembraneMetricsTest {

	private static final double EPS = 1e-12;

	/** Two cells A (x 0..1) and B (x 3..4), 6 pixels each, separated by a membrane column (255 = cell). */
	private static final int[][] TRUTH = { { 255, 255, 0, 255, 255 }, { 255, 255, 0, 255, 255 },
		{ 255, 255, 0, 255, 255 } };

	@Test
	void identicalMapsArePerfect() {
		MembraneMetrics m = MembraneMetrics.compute(image(TRUTH), image(TRUTH));
		assertEquals(0, m.pixelError());
		assertEquals(1, m.randScore());
		assertEquals(0, m.randError());
	}

	@Test
	void missingMembraneMergesTwoCells() {
		// prediction: all cell -> one segment S with c(S,A) = 6, c(S,B) = 6, no singletons, n = 12.
		// P = 36 + 36 = 72, S = 12^2 = 144, T = 6^2 + 6^2 = 72
		// split = 72/72 = 1, merge = 72/144 = 1/2, V = 2*72 / (144 + 72) = 2/3; pixel error = 3/15
		int[][] prediction = { { 1, 1, 1, 1, 1 }, { 1, 1, 1, 1, 1 }, { 1, 1, 1, 1, 1 } };
		MembraneMetrics m = MembraneMetrics.compute(image(TRUTH), image(prediction));
		assertEquals(0.2, m.pixelError(), EPS);
		assertEquals(1, m.randSplit(), EPS);
		assertEquals(0.5, m.randMerge(), EPS);
		assertEquals(2 / 3.0, m.randScore(), EPS);
		assertEquals(1 / 3.0, m.randError(), EPS);
	}

	@Test
	void thickMembraneMakesSingletons() {
		// prediction marks column x=1 as membrane too: S1 = column 0 (3 px, all in A), S2 = B (6 px);
		// the 3 pixels of A predicted as membrane are singletons (c0 = 3), n = 12.
		// P = 3^2 + 6^2 + 3 = 48, S = 3^2 + 6^2 + 3 = 48, T = 72
		// split = 48/72 = 2/3, merge = 1, V = 96/120 = 0.8; pixel error = 3/15
		int[][] prediction = { { 1, 0, 0, 1, 1 }, { 1, 0, 0, 1, 1 }, { 1, 0, 0, 1, 1 } };
		MembraneMetrics m = MembraneMetrics.compute(image(TRUTH), image(prediction));
		assertEquals(0.2, m.pixelError(), EPS);
		assertEquals(2 / 3.0, m.randSplit(), EPS);
		assertEquals(1, m.randMerge(), EPS);
		assertEquals(0.8, m.randScore(), EPS);
	}

	@Test
	void predictedCellsOnTruthMembraneAreIgnoredByRand() {
		// a predicted cell pixel on the true membrane column changes the pixel error only
		int[][] prediction = { { 1, 1, 1, 1, 1 }, { 1, 1, 0, 1, 1 }, { 1, 1, 0, 1, 1 } };
		// components with 4-connectivity: the top row joins A and B into one segment -> same as a full merge
		MembraneMetrics m = MembraneMetrics.compute(image(TRUTH), image(prediction));
		assertEquals(1 / 15.0, m.pixelError(), EPS);
		assertEquals(2 / 3.0, m.randScore(), EPS);
	}

	@Test
	void allMembranePredictionMakesEveryCellPixelASingleton() {
		// n = 12 truth cell pixels, all predicted membrane: P = S = 12, T = 72
		// split = 12/72 = 1/6, merge = 1, V = 24/84 = 2/7; pixel error = 12/15
		MembraneMetrics m = MembraneMetrics.compute(image(TRUTH), TestImages.zeros(5, 3));
		assertEquals(0.8, m.pixelError(), EPS);
		assertEquals(1 / 6.0, m.randSplit(), EPS);
		assertEquals(1, m.randMerge(), EPS);
		assertEquals(2 / 7.0, m.randScore(), EPS);
	}

	@Test
	void allMembraneTruthCountsOnlyInThePixelError() {
		int[][] allCell = { { 1, 1, 1 }, { 1, 1, 1 } };
		MembraneMetrics m = MembraneMetrics.compute(TestImages.zeros(3, 2), image(allCell));
		assertEquals(1, m.pixelError());
		assertEquals(1, m.randScore());
	}

	@Test
	void noTruthForegroundScoresOne() {
		MembraneMetrics m = MembraneMetrics.compute(TestImages.zeros(3, 3), TestImages.zeros(3, 3));
		assertEquals(0, m.pixelError());
		assertEquals(1, m.randScore());
	}
}
