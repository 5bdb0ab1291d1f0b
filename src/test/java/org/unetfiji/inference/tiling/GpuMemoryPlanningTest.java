package org.unetfiji.inference.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.unetfiji.device.NvidiaSmi;
import org.unetfiji.network.NetworkConfig;

/** Tiles and batches planned from a GPU's free memory as nvidia-smi reports it. */
class GpuMemoryPlanningTest {

	/** A 3D U-Net of depth 3 with 16 filters, the training default. */
	private static final NetworkConfig NET_3D = NetworkConfig.isotropic(3, 1, 2, 3, 16, false);
	private static final long[] STACK = { 256, 1024, 1024 };
	private static final String H100 = "0, NVIDIA H100 80GB HBM3, 81559, 81080";
	private static final String BUSY_3060 = "0, NVIDIA GeForce RTX 3060, 12288, 3000";

	@Test
	void theBudgetIsHalfTheFreeMemoryWithinLimits() {
		assertEquals(1500L << 20, budget(BUSY_3060).engineBytes());
		assertEquals(8L << 30, budget(H100).engineBytes(), "at most 8 GiB: tensors stay below 2^31 elements");
		assertEquals(256L << 20, MemoryBudget.forGpu(0).engineBytes(), "never below 256 MiB");
	}

	@Test
	void tilesAndBatchesFitTheFreeMemoryOfTheGpu() {
		TilePlan h100 = plan(H100);
		// the whole depth at once, 4 × 4 tiles across: the largest cube that fits is 280 px, the stack 256 planes deep
		assertArrayEquals(new int[]{ 256, 280, 280 }, h100.tileShape());
		assertEquals(16, h100.tileCount());
		TilePlan busy = plan(BUSY_3060);
		assertArrayEquals(new int[]{ 144, 168, 168 }, busy.tileShape());
		assertEquals(98, busy.tileCount());
		for (String smi : new String[]{ H100, BUSY_3060 }) {
			TilePlan plan = plan(smi);
			long bytes = plan.batch() * NET_3D.memoryEstimate().peakBytes(plan.tileVoxels());
			assertTrue(bytes <= budget(smi).engineBytes(), smi + ": " + bytes);
		}
	}

	private static MemoryBudget budget(String smi) {
		return MemoryBudget.forGpu(NvidiaSmi.parse(smi).get(0).freeBytes());
	}

	private static TilePlan plan(String smi) {
		// buffers as with a large heap, so that the GPU's memory decides
		return TilePlanner.plan(STACK, NET_3D, TileSettings.AUTO,
			new MemoryBudget(budget(smi).engineBytes(), 16L << 30));
	}
}
