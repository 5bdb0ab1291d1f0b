package org.unetfiji.metrics;

import java.util.Arrays;

/** Hungarian algorithm (Kuhn-Munkres with potentials, O(n² m)) for maximum-weight bipartite assignment. */
final class Hungarian {

	private Hungarian() {}

	/**
	 * Assigns rows to distinct columns so that the total weight is maximal; with non-negative weights this is also a
	 * maximum-weight matching once zero-weight assignments are dropped.
	 *
	 * @param weights rectangular matrix {@code [rows][columns]}
	 * @return the column of each row, or -1 for rows left unassigned (only when there are more rows than columns)
	 */
	static int[] maximize(double[][] weights) {
		int rows = weights.length;
		int cols = rows == 0 ? 0 : weights[0].length;
		if (rows <= cols) return minimizeCost(rows, cols, (r, c) -> -weights[r][c]);
		int[] colToRow = minimizeCost(cols, rows, (r, c) -> -weights[c][r]);
		int[] rowToCol = new int[rows];
		Arrays.fill(rowToCol, -1);
		for (int c = 0; c < cols; c++)
			rowToCol[colToRow[c]] = c;
		return rowToCol;
	}

	private interface Cost {
		double get(int row, int col);
	}

	/** Minimum-cost assignment of every row (rows ≤ cols); returns the column of each row. */
	private static int[] minimizeCost(int n, int m, Cost cost) {
		// 1-based potentials u (rows), v (columns); rowOf[j] = row matched to column j, 0 = none
		double[] u = new double[n + 1];
		double[] v = new double[m + 1];
		int[] rowOf = new int[m + 1];
		int[] way = new int[m + 1];
		double[] minv = new double[m + 1];
		boolean[] used = new boolean[m + 1];
		for (int i = 1; i <= n; i++) {
			rowOf[0] = i;
			int j0 = 0;
			Arrays.fill(minv, Double.POSITIVE_INFINITY);
			Arrays.fill(used, false);
			do {
				used[j0] = true;
				int i0 = rowOf[j0];
				double delta = Double.POSITIVE_INFINITY;
				int j1 = 0;
				for (int j = 1; j <= m; j++) {
					if (used[j]) continue;
					double reduced = cost.get(i0 - 1, j - 1) - u[i0] - v[j];
					if (reduced < minv[j]) {
						minv[j] = reduced;
						way[j] = j0;
					}
					if (minv[j] < delta) {
						delta = minv[j];
						j1 = j;
					}
				}
				for (int j = 0; j <= m; j++) {
					if (used[j]) {
						u[rowOf[j]] += delta;
						v[j] -= delta;
					}
					else {
						minv[j] -= delta;
					}
				}
				j0 = j1;
			} while (rowOf[j0] != 0);
			do {
				int j1 = way[j0];
				rowOf[j0] = rowOf[j1];
				j0 = j1;
			} while (j0 != 0);
		}
		int[] colOfRow = new int[n];
		for (int j = 1; j <= m; j++)
			if (rowOf[j] != 0) colOfRow[rowOf[j] - 1] = j - 1;
		return colOfRow;
	}
}
