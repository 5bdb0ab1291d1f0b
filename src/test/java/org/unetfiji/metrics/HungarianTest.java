package org.unetfiji.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class HungarianTest {

	@Test
	void handCases() {
		// greedy would take 0.9 first (total 1.2 with 0.3); optimum is 0.8 + 0.85 = 1.65
		double[][] w = { { 0.9, 0.8 }, { 0.85, 0.1 }, { 0.2, 0.3 } };
		assertArrayEquals(new int[]{ 1, 0, -1 }, Hungarian.maximize(w));
		double[][] transposed = { { 0.9, 0.85, 0.2 }, { 0.8, 0.1, 0.3 } };
		assertArrayEquals(new int[]{ 1, 0 }, Hungarian.maximize(transposed));
		assertArrayEquals(new int[0], Hungarian.maximize(new double[0][0]));
	}

	@Test
	void matchesExhaustiveSearchOnRandomMatrices() {
		Random random = new Random(42);
		for (int trial = 0; trial < 200; trial++) {
			int rows = 1 + random.nextInt(5), cols = 1 + random.nextInt(5);
			double[][] w = new double[rows][cols];
			for (double[] row : w)
				for (int c = 0; c < cols; c++)
					row[c] = random.nextBoolean() ? random.nextDouble() : 0;
			int[] assignment = Hungarian.maximize(w);
			double total = 0;
			for (int r = 0; r < rows; r++)
				if (assignment[r] >= 0) total += w[r][assignment[r]];
			assertEquals(bestTotal(w, 0, new boolean[cols]), total, 1e-9);
		}
	}

	private static double bestTotal(double[][] w, int row, boolean[] usedCols) {
		if (row == w.length) return 0;
		double best = bestTotal(w, row + 1, usedCols); // row left unmatched
		for (int c = 0; c < usedCols.length; c++) {
			if (usedCols[c]) continue;
			usedCols[c] = true;
			best = Math.max(best, w[row][c] + bestTotal(w, row + 1, usedCols));
			usedCols[c] = false;
		}
		return best;
	}
}
