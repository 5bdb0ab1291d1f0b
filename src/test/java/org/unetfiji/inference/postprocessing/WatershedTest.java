package org.unetfiji.inference.postprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.image.ops.Connectivity;
import org.unetfiji.image.ops.Partition;
import org.unetfiji.image.ops.PartitionLabelling;
import org.unetfiji.model.Processing;

/**
 * The watershed steps on small hand-built 2D and 3D probability maps: touching objects separated, a weak internal
 * boundary merged away, and slabs streamed along z giving the same instances as the whole stack at once.
 */
class WatershedTest {

	private static final int W = 40;
	private static final int H = 20;
	private static final int D = 20;

	/** Two 20³ cubes touching along x, every voxel inside one; a boundary probability of 0.9 on their contact. */
	private static float[][][] touchingCubes(double internalBoundary) {
		float[] boundary = new float[W * H * D];
		Random noise = new Random(1);
		for (int z = 0; z < D; z++)
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++) {
					int i = x + W * (y + H * z);
					boundary[i] = 0.05f + 0.05f * noise.nextFloat();
					if (x == 19 || x == 20) boundary[i] = 0.9f;
					if (x == 9) boundary[i] = (float) internalBoundary;
				}
		return planes(boundary, W * H, D);
	}

	@Test
	void twoTouchingCubesBecomeTwoObjects() throws IOException {
		int[] instances = run(chain(Boundaries.KEY, Map.of()), touchingCubes(0.05), W, H);
		assertEquals(2, count(instances));
		assertEquals(W / 2 * H * D, sizeOf(instances, instances[0]));
		assertTrue(instances[0] != instances[W - 1]);
		// seeds per z slice (for very anisotropic stacks): seeds touching across slices are one seed per cube
		int[] perSlice = run(chain(Boundaries.KEY, Map.of(Boundaries.PER_SLICE, true)), touchingCubes(0.05), W, H);
		assertArrayEquals(instances, perSlice);
	}

	@Test
	void aCubeWithAWeakInternalBoundaryStaysOne() throws IOException {
		float[][][] weak = touchingCubes(0.3);
		// seeds on both sides of the weak boundary (seed regions below 0.25): over-segmented before merging
		int[] unmerged = run(
			chain(Boundaries.KEY, Map.of(Boundaries.BOUNDARY_THRESHOLD, 0.25, Watershed.MERGE_THRESHOLD, 0)), weak, W,
			H);
		assertEquals(3, count(unmerged));
		int[] merged = run(chain(Boundaries.KEY, Map.of(Boundaries.BOUNDARY_THRESHOLD, 0.25)), weak, W, H);
		assertEquals(2, count(merged));
		assertEquals(merged[0], merged[15]);
		assertTrue(merged[0] != merged[25]);
	}

	@Test
	void slabsAlongZGiveTheSameObjectsAsTheWholeStack() throws IOException {
		// the cubes stacked along z instead: a slab cut runs through each of them
		int w = 20;
		int h = 20;
		int d = 60;
		float[] boundary = new float[w * h * d];
		for (int z = 0; z < d; z++)
			for (int i = 0; i < w * h; i++)
				boundary[z * w * h + i] = z == 29 || z == 30 ? 0.9f : z == 12 ? 0.3f : 0.05f;
		float[][][] planes = planes(boundary, w * h, d);
		Partition partition = new Partition(Partition.Seeds.DISTANCE, 4, 0, false, false, 0.5, Connectivity.FACE);
		int[] whole = streamed(partition, planes, w, h, d);
		int[] slabs = streamed(partition, planes, w, h, 5);
		assertEquals(2, count(whole));
		assertEquals(2, count(slabs));
		// the same objects; the contact planes 29 and 30, equally far from both seeds, may go either way
		int plane = w * h;
		assertArrayEquals(Arrays.copyOf(whole, 29 * plane), Arrays.copyOf(slabs, 29 * plane));
		assertArrayEquals(Arrays.copyOfRange(whole, 31 * plane, d * plane),
			Arrays.copyOfRange(slabs, 31 * plane, d * plane));
	}

	@Test
	void twoTouchingDiscsAreSplitByTheForegroundWatershed() throws IOException {
		int w = 64;
		int h = 40;
		float[] foreground = new float[w * h];
		int[] truth = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double left = Math.hypot(x - 20, y - 20);
				double right = Math.hypot(x - 43, y - 20);
				if (left <= 13 || right <= 13) foreground[x + w * y] = 0.95f;
				truth[x + w * y] = left <= 13 && left <= right ? 1 : right <= 13 ? 2 : 0;
			}
		float[][][] planes = { { subtract(foreground), foreground } };
		int[] components = run(chain(Components.KEY, Map.of()), planes, w, h);
		assertEquals(1, count(components));
		int[] separated = run(chain(Watershed.KEY, Map.of()), planes, w, h);
		assertEquals(2, count(separated));
		for (int object = 1; object <= 2; object++)
			assertTrue(bestIoU(truth, object, separated) > 0.9, "disc " + object);
		// confident cores as seeds: a dip of the probability where the discs touch
		for (int y = 0; y < h; y++)
			for (int x = 30; x <= 33; x++)
				if (foreground[x + w * y] > 0) foreground[x + w * y] = 0.6f;
		int[] cores = run(chain(Watershed.KEY, Map.of(Watershed.SEEDS, "cores")),
			new float[][][]{ { subtract(foreground), foreground } }, w, h);
		assertEquals(2, count(cores));
	}

	@Test
	void aShallowWaistJoinsTheSeedsADeepNeckSeparates() throws IOException {
		// two discs of radius 10 whose centres are 12 apart: a peanut whose waist (half-width 8) is 20 % below its
		// maxima; 23 apart with radius 13: a neck (half-width 6) 54 % below
		float[][][] peanut = discs(10, 12);
		assertEquals(2, count(run(chain(Watershed.KEY, Map.of(Watershed.SEED_PROMINENCE, 0.1)), peanut, 64, 40)));
		assertEquals(1, count(run(chain(Watershed.KEY, Map.of(Watershed.SEED_PROMINENCE, 0.3)), peanut, 64, 40)));
		assertEquals(2,
			count(run(chain(Watershed.KEY, Map.of(Watershed.SEED_PROMINENCE, 0.3)), discs(13, 23), 64, 40)));
	}

	/** Two discs of this radius, centres {@code apart} pixels apart along x, foreground 0.95, in a 64 × 40 plane. */
	private static float[][][] discs(double radius, double apart) {
		float[] foreground = new float[64 * 40];
		for (int y = 0; y < 40; y++)
			for (int x = 0; x < 64; x++)
				if (Math.hypot(x - 20, y - 20) <= radius || Math.hypot(x - 20 - apart, y - 20) <= radius)
					foreground[x + 64 * y] = 0.95f;
		return new float[][][]{ { subtract(foreground), foreground } };
	}

	@Test
	void aSpeckWithoutASeedOfItsOwnIsKept() throws IOException {
		// a 2 × 2 speck 4 pixels beside a disc: within the seed distance of the disc's larger distances
		int w = 48;
		int h = 40;
		float[] foreground = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (Math.hypot(x - 20, y - 20) <= 12 || x >= 36 && x < 38 && y >= 20 && y < 22)
					foreground[x + w * y] = 0.9f;
		int[] instances = run(chain(Watershed.KEY, Map.of(Watershed.SEED_DISTANCE, 8)),
			new float[][][]{ { subtract(foreground), foreground } }, w, h);
		assertEquals(2, count(instances));
		assertEquals(4, sizeOf(instances, instances[36 + w * 20]));
	}

	@Test
	void threeClassModelsSeedFromInteriors() throws IOException {
		int w = 30;
		int h = 12;
		float[][] p = new float[3][w * h];
		for (int y = 1; y < 11; y++)
			for (int x = 1; x < 29; x++) {
				int i = x + w * y;
				boolean edge = y == 1 || y == 10 || x == 1 || x == 28 || x == 14 || x == 15;
				p[edge ? 2 : 1][i] = 0.9f;
			}
		for (int i = 0; i < w * h; i++)
			p[0][i] = 1 - p[1][i] - p[2][i];
		int[] instances = run(chain(Watershed.KEY, Map.of()), new float[][][]{ p }, w, h);
		assertEquals(2, count(instances));
		assertEquals(14 * 10, sizeOf(instances, instances[1 + w]));
	}

	@Test
	void badParametersSayWhatIsExpected() {
		var e = assertThrows(IllegalArgumentException.class,
			() -> chain(Watershed.KEY, Map.of(Watershed.SEED_THRESHOLD, 2)));
		assertEquals("post-processing step 'watershed': seed_threshold must be a number from 0 to 1, not '2'",
			e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> chain(Boundaries.KEY, Map.of("per_slice", "maybe")));
		assertEquals("post-processing step 'boundaries': per_slice must be false or true, not 'maybe'", e.getMessage());
	}

	@TempDir
	static Path spool;

	private static Postprocessing chain(String key, Map<String, Object> kwargs) {
		return Postprocessing.of(List.of(new Processing(key, kwargs)));
	}

	/** Runs the chain on one frame of planes {@code [z][class][pixel]}; the instances in z order. */
	private static int[] run(Postprocessing chain, float[][][] planes, int width, int height) throws IOException {
		int plane = width * height;
		int[] instances = new int[planes.length * plane];
		try (PostprocessingStep.Pass pass = chain.instances().start(width, height, spool)) {
			for (float[][] p : planes)
				pass.addPlane(chain.classes().classes(p), p);
			pass.endFrame();
			pass.relabel((t, z, values) -> System.arraycopy(values, 0, instances, z * plane, plane));
		}
		return instances;
	}

	/** Streams 2-class planes (class 1: boundary) through slabs of {@code slabPlanes} core planes. */
	private static int[] streamed(Partition partition, float[][][] planes, int width, int height, int slabPlanes)
		throws IOException
	{
		int plane = width * height;
		int[] instances = new int[planes.length * plane];
		try (PartitionLabelling labelling = new PartitionLabelling(partition, width, height, new double[]{ 1, 1, 1 }, 0,
			slabPlanes, null))
		{
			for (float[][] p : planes) {
				byte[] all = new byte[plane];
				byte[] seeds = new byte[plane];
				for (int i = 0; i < plane; i++) {
					all[i] = 1;
					seeds[i] = (byte) (p[1][i] < 0.5 ? 1 : 0);
				}
				labelling.addPlane(p[1], all, seeds);
			}
			labelling.endFrame();
			labelling.relabel((t, z, values) -> System.arraycopy(values, 0, instances, z * plane, plane));
		}
		return instances;
	}

	/** Planes {@code [z][class][pixel]} of a 2-class model whose class 1 is {@code values}. */
	private static float[][][] planes(float[] values, int plane, int depth) {
		float[][][] planes = new float[depth][2][plane];
		for (int z = 0; z < depth; z++) {
			System.arraycopy(values, z * plane, planes[z][1], 0, plane);
			planes[z][0] = subtract(planes[z][1]);
		}
		return planes;
	}

	private static float[] subtract(float[] p) {
		float[] rest = new float[p.length];
		for (int i = 0; i < p.length; i++)
			rest[i] = 1 - p[i];
		return rest;
	}

	private static int count(int[] instances) {
		return (int) Arrays.stream(instances).filter(v -> v > 0).distinct().count();
	}

	private static int sizeOf(int[] instances, int id) {
		return (int) Arrays.stream(instances).filter(v -> v == id).count();
	}

	private static double bestIoU(int[] truth, int object, int[] found) {
		double best = 0;
		for (int id : Arrays.stream(found).filter(v -> v > 0).distinct().toArray()) {
			long both = 0;
			long either = 0;
			for (int i = 0; i < truth.length; i++) {
				boolean a = truth[i] == object;
				boolean b = found[i] == id;
				if (a && b) both++;
				if (a || b) either++;
			}
			best = Math.max(best, (double) both / either);
		}
		return best;
	}
}
