package org.unetfiji.inference.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.unetfiji.network.NetworkConfig;

/** Tile positions, weights, sizes chosen for a memory budget, and the user's settings, against hand-made answers. */
class TilePlanningTest {

	/** The bundled EM model's architecture: depth 4 (size multiple 16), receptive field 200. */
	private static final NetworkConfig NET_2D = NetworkConfig.isotropic(2, 1, 2, 4, 8, false);
	/** A 3D U-Net of depth 3 (size multiple 8). */
	private static final NetworkConfig NET_3D = NetworkConfig.isotropic(3, 1, 2, 3, 4, false);
	private static final MemoryBudget PLENTY = new MemoryBudget(1L << 40, 1L << 40);

	@Test
	void tilesAreSpacedEvenlyFromBorderToBorder() {
		AxisTiling axis = new AxisTiling(300, 128, 32, 1, Blend.GAUSSIAN);
		// 1 + ceil((300 - 128) / (128 - 32)) = 3 tiles, the last ending at 300
		assertEquals(3, axis.count());
		assertEquals(0, axis.start(0));
		assertEquals(86, axis.start(1));
		assertEquals(172, axis.start(2));
		assertEquals(300, axis.end(2));
		assertEquals(128 - 86, axis.overlap());
		AxisTiling exact = new AxisTiling(256, 128, 0, 1, Blend.GAUSSIAN);
		assertEquals(2, exact.count());
		assertEquals(128, exact.start(1));
	}

	@Test
	void tilesStartOnThePoolingGridOfTheAxisExtendedLikeAnUntiledRun() {
		// 300 px extend to 304 (2 before), tiles of 8 units of 16 every at most 6 units
		AxisTiling axis = new AxisTiling(300, 128, 32, 16, Blend.GAUSSIAN);
		assertEquals(3, axis.count());
		assertEquals(-2, axis.start(0));
		assertEquals(-2 + 6 * 16, axis.start(1)); // round(5.5) units
		assertEquals(-2 + 11 * 16, axis.start(2));
		assertEquals(300, axis.end(2));
		assertEquals(32, axis.overlap());
	}

	@Test
	void anAxisShorterThanATileGetsOneCentredTile() {
		AxisTiling axis = new AxisTiling(100, 128, 32, 16, Blend.GAUSSIAN);
		assertEquals(1, axis.count());
		assertEquals(-14, axis.start(0));
		assertEquals(100, axis.end(0));
	}

	@Test
	void gaussianWeightsHaveSigmaOfAnEighthTileAndStayAboveZero() {
		float[] w = new AxisTiling(300, 128, 32, 1, Blend.GAUSSIAN).weights(1);
		double sigma = 16;
		assertEquals(Math.exp(-0.25 / (2 * sigma * sigma)), w[63], 1e-6);
		assertEquals(w[63], w[64], 0);
		assertEquals(Math.exp(-23.5 * 23.5 / (2 * sigma * sigma)), w[40], 1e-6);
		assertEquals(AxisTiling.MIN_WEIGHT, w[0], 0); // exp(-7.9) = 3.8e-4 is raised to the minimum
		assertEquals(AxisTiling.MIN_WEIGHT, w[127], 0);
	}

	@Test
	void withoutBlendingEveryVoxelComesFromTheNearestTileCentre() {
		AxisTiling axis = new AxisTiling(300, 128, 32, 1, Blend.NONE);
		// tiles at 0, 86, 172: the overlaps [86, 128) and [172, 214) are split at 107 and 193
		float[] middle = axis.weights(1);
		assertEquals(0, middle[107 - 86 - 1]);
		assertEquals(1, middle[107 - 86]);
		assertEquals(1, middle[193 - 86 - 1]);
		assertEquals(0, middle[193 - 86]);
		for (float sum : axis.weightSums())
			assertEquals(1, sum, 0);
	}

	@Test
	void autoOverlapIsAQuarterOfTheReceptiveFieldAndTilesAreMultiplesOfTheNetwork() {
		TilePlan plan = TilePlanner.plan(new long[]{ 1, 300, 500 }, NET_2D, TileSettings.parse("128", null, null, null),
			PLENTY);
		assertEquals(200, NET_2D.receptiveField()[0]);
		assertArrayEquals(new int[]{ 1, 128, 128 }, plan.tileShape());
		// overlap 50, i.e. 4 units of 16: tiles every 4 units along 19 units (304 px) and 32 units (512 px)
		assertEquals(4, plan.axis(1).count());
		assertEquals(7, plan.axis(2).count());
		assertEquals(28, plan.tileCount());
		assertEquals(-6, plan.tile(0).start()[2]);
		assertTrue(plan.axis(1).overlap() >= 50 && plan.axis(2).overlap() >= 50, plan.toString());
		assertEquals(4, plan.batch(), "auto batch with plenty of memory");
		assertArrayEquals(new long[]{ 4, 128, 128, 1 }, plan.batchShape(4, 1));
	}

	@Test
	void autoTileIsTheLargestThatFitsTheEngineBudget() {
		long bytes256 = NET_2D.memoryEstimate().peakBytes(256 * 256);
		TilePlan plan = TilePlanner.plan(new long[]{ 1, 1000, 1000 }, NET_2D, TileSettings.AUTO,
			new MemoryBudget(bytes256, 1L << 30));
		assertArrayEquals(new int[]{ 1, 256, 256 }, plan.tileShape());
		assertEquals(1, plan.batch());
		// 4096 px need 2 tiles of at most 3696 px per axis: they shrink to 2080 (130 units, 64 px overlap)
		plan = TilePlanner.plan(new long[]{ 1, 4096, 4096 }, NET_2D, TileSettings.AUTO,
			new MemoryBudget(NET_2D.memoryEstimate().peakBytes(3696 * 3696), 1L << 30));
		assertArrayEquals(new int[]{ 1, 2080, 2080 }, plan.tileShape());
		assertEquals(64, plan.axis(2).overlap());
		// never larger than the padded image: one 304 x 512 tile, as untiled
		plan = TilePlanner.plan(new long[]{ 1, 300, 500 }, NET_2D, TileSettings.AUTO, PLENTY);
		assertArrayEquals(new int[]{ 1, 304, 512 }, plan.tileShape());
		assertEquals(1, plan.tileCount());
		assertEquals(-2, plan.tile(0).start()[1]);
	}

	@Test
	void slabsAndTheBatchesInFlightFitTheHeapBudgetOfAGigabyteStack() {
		long buffer = 480L << 20; // half the free heap of -Xmx1g
		long[] size = { 1024, 1024, 1024 };
		TilePlan plan = TilePlanner.plan(size, NET_3D, TileSettings.AUTO, new MemoryBudget(2L << 30, buffer));
		long floatsPerVoxel = NET_3D.inputChannels() + NET_3D.classes();
		long slabs = 2L * plan.tileShape()[0] * size[1] * size[2] * floatsPerVoxel * Float.BYTES;
		long tileVoxels = (long) plan.tileShape()[0] * plan.tileShape()[1] * plan.tileShape()[2];
		long batches = (long) TiledPredictor.BATCHES_IN_FLIGHT * plan.batch() * tileVoxels * floatsPerVoxel *
			Float.BYTES;
		assertTrue(slabs + batches <= buffer, "slabs " + slabs + " + batches " + batches + " > " + buffer + " for " +
			Arrays.toString(plan.tileShape()) + " batch " + plan.batch());
		assertTrue(plan.tileShape()[1] >= 256, Arrays.toString(plan.tileShape()));
	}

	@Test
	void tilesThatDoNotOverlapAreCalledOut() {
		TilePlan seams = TilePlanner.plan(new long[]{ 1, 256, 512 }, NET_2D, TileSettings.parse("128", "0", null, null),
			PLENTY);
		assertTrue(seams.toString().endsWith("; tiles do not overlap along y x, so their borders may show (larger " +
			"tiles help: tile=, or for 3D stacks more Java heap, e.g. JAVA_OPTS=-Xmx4g)"), seams.toString());
		TilePlan blended = TilePlanner.plan(new long[]{ 1, 300, 500 }, NET_2D,
			TileSettings.parse("128", null, null, null), PLENTY);
		assertTrue(blended.toString().endsWith("gaussian blending"), blended.toString());
	}

	@Test
	void tileDepthIsLimitedByTheZSlabTheHeapCanHold() {
		long planeBytes = 512 * 512 * (1 + 2) * 4L;
		// half the buffer for the slabs (two tile depths of planes), half for the tiles of the batches in flight
		TilePlan plan = TilePlanner.plan(new long[]{ 64, 512, 512 }, NET_3D, TileSettings.AUTO,
			new MemoryBudget(1L << 40, 2 * (2 * planeBytes * 16)));
		assertEquals(16, plan.tileShape()[0]);
		assertTrue(plan.tileShape()[1] >= 256, Arrays.toString(plan.tileShape()));
		// tiles advance along z last, and planes before the next row's start are final after each row
		assertEquals(plan.axis(1).count() * plan.axis(2).count(), plan.tilesPerRow());
		assertEquals(plan.axis(0).start(1), plan.planesFinishedAfterRow(0));
		assertEquals(64, plan.planesFinishedAfterRow(plan.axis(0).count() - 1));
		assertEquals(1, plan.tile(plan.tilesPerRow()).index()[0]);
	}

	@Test
	void untiledIsOneTileOfThePaddedImage() {
		TilePlan plan = TilePlanner.plan(new long[]{ 20, 70, 90 }, NET_3D, TileSettings.parse("none", null, null, null),
			PLENTY);
		assertArrayEquals(new int[]{ 24, 72, 96 }, plan.tileShape());
		assertEquals(1, plan.tileCount());
		assertArrayEquals(new long[]{ -2, -1, -3 }, plan.tile(0).start());
	}

	@Test
	void settingsAreValidatedWithOneLineErrors() {
		assertEquals("tile=abc is not valid; use tile=auto, tile=none, tile=N or tile=z,y,x",
			message(() -> TileSettings.parse("abc", null, null, null)));
		assertEquals("batch=0 must be at least 1", message(() -> TileSettings.parse(null, null, "0", null)));
		assertEquals("blend=soft is not known; use blend=gaussian or blend=none",
			message(() -> TileSettings.parse(null, null, null, "soft")));
		assertEquals("overlap=-1 must be at least 0", message(() -> TileSettings.parse(null, "-1", null, null)));
		assertTrue(message(() -> TilePlanner.plan(new long[]{ 1, 300, 300 }, NET_2D,
			TileSettings.parse("100", null, null, null), PLENTY))
			.startsWith("tile=100: input size [100, 100] is not valid"));
		assertEquals("overlap=128 must be at most the tile less 16 (112 along y)", message(() -> TilePlanner
			.plan(new long[]{ 1, 300, 300 }, NET_2D, TileSettings.parse("128", "128", null, null), PLENTY)));
		assertEquals("tile=16,32 needs 1 or 3 values for a 3D network (z,y,x)", message(() -> TilePlanner
			.plan(new long[]{ 20, 300, 300 }, NET_3D, TileSettings.parse("16,32", null, null, null), PLENTY)));
		TileSettings settings = TileSettings.parse("16,64,32", "4", "2", "none");
		assertEquals("tile=16,64,32 overlap=4 batch=2 blend=none", settings.toString());
		TilePlan plan = TilePlanner.plan(new long[]{ 20, 300, 300 }, NET_3D, settings, PLENTY);
		assertArrayEquals(new int[]{ 16, 64, 32 }, plan.tileShape());
		assertEquals(2, plan.batch());
	}

	private static String message(Runnable call) {
		return assertThrows(IllegalArgumentException.class, call::run).getMessage();
	}
}
