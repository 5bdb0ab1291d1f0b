package org.unetfiji.inference.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Blending of tile predictions into planes, against values computed by hand from the weight formula. */
class BlendedSlabTest {

	@Test
	void aConstantPredictionBlendsToItselfEverywhere() {
		TilePlan plan = plan(new long[]{ 10, 40, 50 }, new int[]{ 8, 16, 16 }, 4, Blend.GAUSSIAN);
		BlendedSlab slab = new BlendedSlab(plan, 2);
		float[] tile = new float[(int) plan.tileVoxels() * 2];
		for (int i = 0; i < tile.length; i += 2) {
			tile[i] = 0.25f;
			tile[i + 1] = 0.75f;
		}
		for (long t = 0; t < plan.tileCount(); t++)
			slab.add(plan.tile(t), tile, 0);
		for (long z = 0; z < 10; z++) {
			float[][] p = slab.finish(z);
			for (int i = 0; i < 40 * 50; i++) {
				assertEquals(0.25f, p[0][i], 1e-6);
				assertEquals(0.75f, p[1][i], 1e-6);
			}
		}
	}

	@Test
	void overlapsAreTheGaussianWeightedMeanOfTheTiles() {
		// 1 x 1 x 40 with tiles of 32 at x = 0 and 8, predicting 0 and 1 for class 1
		TilePlan plan = plan(new long[]{ 1, 1, 40 }, new int[]{ 1, 1, 32 }, 8, Blend.GAUSSIAN);
		BlendedSlab slab = new BlendedSlab(plan, 2);
		for (int t = 0; t < 2; t++) {
			float[] p = new float[64];
			for (int x = 0; x < 32; x++)
				p[2 * x + 1] = t;
			slab.add(plan.tile(t), p, 0);
		}
		float[][] blended = slab.finish(0);
		for (int x = 0; x < 40; x++) {
			double first = x < 32 ? gaussian(x, 32) : 0;
			double second = x >= 8 ? gaussian(x - 8, 32) : 0;
			assertEquals(second / (first + second), blended[1][x], 1e-5, "x = " + x);
		}
		assertEquals(0, blended[1][3], 1e-6);
		assertEquals(1, blended[1][37], 1e-6);
		assertEquals(1, blended[1][19] + blended[1][20], 1e-6); // symmetric about 19.5, midway between the centres
	}

	@Test
	void withoutBlendingTilesArePastedUpToTheMiddleOfTheOverlap() {
		TilePlan plan = plan(new long[]{ 1, 1, 40 }, new int[]{ 1, 1, 32 }, 8, Blend.NONE);
		BlendedSlab slab = new BlendedSlab(plan, 2);
		for (int t = 0; t < 2; t++) {
			float[] p = new float[64];
			for (int x = 0; x < 32; x++)
				p[2 * x + 1] = t;
			slab.add(plan.tile(t), p, 0);
		}
		float[][] pasted = slab.finish(0);
		// overlap [8, 32) is split at 20
		for (int x = 0; x < 40; x++)
			assertEquals(x < 20 ? 0 : 1, pasted[1][x], 0, "x = " + x);
	}

	private static double gaussian(int offset, int tile) {
		double sigma = tile / 8.0;
		double d = offset - (tile - 1) / 2.0;
		return Math.max(AxisTiling.MIN_WEIGHT, Math.exp(-d * d / (2 * sigma * sigma)));
	}

	private static TilePlan plan(long[] size, int[] tile, int overlap, Blend blend) {
		AxisTiling[] axes = new AxisTiling[3];
		for (int a = 0; a < 3; a++)
			axes[a] = new AxisTiling(size[a], tile[a], Math.min(overlap, tile[a] - 1), 1, blend);
		return new TilePlan(3, axes, 1, blend);
	}
}
