package org.unetfiji.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class PoolingPlanTest {

	@Test
	void coarseAxesWaitUntilTheFineOnesCatchUp() {
		// GoNuclear: z 0.284 µm, y and x 0.127 µm
		assertArrayEquals(new int[][]{ { 1, 2, 2 }, { 2, 2, 2 }, { 2, 2, 2 } },
			PoolingPlan.forVoxelSize(new double[]{ 0.284, 0.127, 0.127 }, 3));
		assertArrayEquals(new int[][]{ { 1, 2, 2 }, { 1, 2, 2 }, { 2, 2, 2 } },
			PoolingPlan.forVoxelSize(new double[]{ 5, 1, 1 }, 3));
		assertArrayEquals(new int[][]{ { 2, 2 }, { 2, 2 } }, PoolingPlan.forVoxelSize(new double[]{ 1, 1 }, 2));
	}
}
