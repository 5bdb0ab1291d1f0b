package org.unetfiji.training.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

class WeightMapTest {

	private static final WeightMapSettings FALK = WeightMapSettings.defaults();

	@Test
	void touchingSquaresAreSeparatedAndWeightedHighestBetweenThem() {
		Img<IntType> labels = ArrayImgs.ints(60, 40);
		fill(labels, 1, new long[]{ 10, 10 }, new long[]{ 19, 19 });
		fill(labels, 2, new long[]{ 20, 10 }, new long[]{ 29, 19 });
		WeightMap map = WeightMap.compute(labels, FALK);

		for (int y = 10; y <= 19; y++) {
			for (int x : new int[]{ 19, 20 }) {
				assertEquals(WeightMap.BACKGROUND, get(map.target(), x, y), "contact pixel " + x + "," + y);
				// d1 = 1 (own square), d2 = 2 (the other square)
				assertEquals(falkWeight(FALK, 1, 2), get(map.weights(), x, y), 1e-4);
				assertEquals(FALK.vBal(), get(map.samplingProbability(), x, y), 1e-7);
			}
			for (int x : new int[]{ 10, 18, 21, 29 }) {
				assertEquals(WeightMap.FOREGROUND, get(map.target(), x, y));
				assertEquals(1, get(map.weights(), x, y));
				assertEquals(1, get(map.samplingProbability(), x, y));
			}
		}
		float[] weights = values(map.weights());
		int argMax = argMax(weights);
		int x = argMax % 60;
		int y = argMax / 60;
		assertTrue((x == 19 || x == 20) && y >= 10 && y <= 19, "maximum at " + x + "," + y);
		assertTrue(weights[argMax] > 40);
	}

	@Test
	void isolatedObjectWeightsDecayTowardsVBal() {
		Img<IntType> labels = ArrayImgs.ints(140, 120);
		fill(labels, 3, new long[]{ 20, 55 }, new long[]{ 29, 64 });
		WeightMap map = WeightMap.compute(labels, FALK);
		float previous = Float.POSITIVE_INFINITY;
		for (int x = 30; x < 140; x++) {
			float w = get(map.weights(), x, 60);
			assertEquals(falkWeight(FALK, x - 29, Double.POSITIVE_INFINITY), w, 1e-5);
			assertTrue(w < previous || w - FALK.vBal() < 1e-6, "weights must decrease with distance");
			previous = w;
		}
		assertEquals(FALK.vBal(), previous, 1e-4);
		for (float w : values(map.weights()))
			assertTrue(w >= FALK.vBal() - 1e-6 && w <= 1, "no border term without a second instance: " + w);
	}

	@Test
	void ignoredPixelsGetZeroAndDoNotSeparate() {
		WeightMapSettings settings = FALK.withIgnoreLabel(7);
		Img<IntType> labels = ArrayImgs.ints(50, 30);
		fill(labels, 1, new long[]{ 10, 10 }, new long[]{ 19, 19 });
		fill(labels, 7, new long[]{ 20, 5 }, new long[]{ 49, 29 });
		WeightMap map = WeightMap.compute(labels, settings);
		for (int y = 5; y < 30; y++)
			for (int x = 20; x < 50; x++) {
				assertEquals(WeightMap.IGNORE, get(map.target(), x, y));
				assertEquals(0, get(map.weights(), x, y));
				assertEquals(0, get(map.samplingProbability(), x, y));
			}
		for (int y = 10; y <= 19; y++)
			assertEquals(WeightMap.FOREGROUND, get(map.target(), 19, y), "no separation from ignored pixels");
		// ignored pixels are not instances: the weight left of the square only depends on the square
		assertEquals(falkWeight(settings, 5, Double.POSITIVE_INFINITY), get(map.weights(), 5, 15), 1e-5);
	}

	@Test
	void random2dInstancesMatchTheFormula() {
		Random random = new Random(11);
		WeightMapSettings settings = new WeightMapSettings(50, 2, 0.2, 4, OptionalInt.of(99));
		for (double[] voxel : new double[][]{ { 1, 1 }, { 0.8, 1.7 } }) {
			Img<IntType> labels = randomInstances(random, 12, 99, 48, 40);
			assertMatchesBruteForce(labels, settings, voxel);
		}
	}

	@Test
	void random3dAnisotropicInstancesMatchTheFormula() {
		Random random = new Random(12);
		WeightMapSettings settings = new WeightMapSettings(20, 0.5, 0.1, 1.2, OptionalInt.empty());
		Img<IntType> labels = randomInstances(random, 10, 0, 18, 16, 9);
		assertMatchesBruteForce(labels, settings, 0.127, 0.127, 0.284);
	}

	@Test
	void touchingCubesInAnisotropic3d() {
		Img<IntType> labels = ArrayImgs.ints(30, 30, 20);
		fill(labels, 1, new long[]{ 10, 10, 2 }, new long[]{ 19, 19, 7 });
		fill(labels, 2, new long[]{ 10, 10, 8 }, new long[]{ 19, 19, 13 });
		WeightMapSettings settings = FALK.scaled(0.2);
		WeightMap map = WeightMap.compute(labels, settings, 0.2, 0.2, 0.5);
		for (int z : new int[]{ 7, 8 })
			for (int y = 10; y <= 19; y++)
				for (int x = 10; x <= 19; x++) {
					assertEquals(WeightMap.BACKGROUND, get(map.target(), x, y, z));
					// along z: d1 = 1 voxel, d2 = 2 voxels of 0.5
					assertEquals(falkWeight(settings, 0.5, 1.0), get(map.weights(), x, y, z), 1e-4);
				}
		assertEquals(WeightMap.FOREGROUND, get(map.target(), 15, 15, 6));
		assertEquals(WeightMap.FOREGROUND, get(map.target(), 15, 15, 9));
		float max = values(map.weights())[argMax(values(map.weights()))];
		assertEquals(falkWeight(settings, 0.5, 1.0), max, 1e-4);
	}

	@Test
	void emptyLabelsGiveVBalEverywhere() {
		WeightMap map = WeightMap.compute(ArrayImgs.ints(20, 10), FALK);
		for (float w : values(map.weights()))
			assertEquals(FALK.vBal(), w, 1e-7);
	}

	@Test
	void rejectsNegativeLabelsAndBadSettings() {
		Img<IntType> labels = ArrayImgs.ints(5, 5);
		labels.firstElement().set(-3);
		assertThrows(IllegalArgumentException.class, () -> WeightMap.compute(labels, FALK));
		assertThrows(IllegalArgumentException.class, () -> WeightMap.compute(ArrayImgs.ints(5, 5), FALK, 1, 1, 1));
		assertThrows(IllegalArgumentException.class,
			() -> WeightMap.compute(ArrayImgs.ints(5, 5), FALK.withIgnoreLabel(0)), "0 is background");
		assertThrows(IllegalArgumentException.class, () -> FALK.scaled(-1));
		assertThrows(IllegalArgumentException.class, () -> new WeightMapSettings(50, 0, 0.1, 10, OptionalInt.empty()));
	}

	@Test
	void realNuclei2d() {
		LabelImages.Labels labels = LabelImages.open("ctc-gowt1-nuclei-2d/train/labels/t31.tif");
		WeightMap map = WeightMap.compute(labels.image(), FALK);
		assertRealMapIsPlausible(labels.image(), map, FALK, 2);
	}

	@Test
	void realNuclei3dWithAnisotropicVoxels() {
		LabelImages.Labels labels = LabelImages.open("gonuclear-ovule-nuclei-3d/train/labels/1135.tif");
		double[] voxel = labels.voxelSize();
		assertTrue(voxel[2] > 2 * voxel[0], "expected anisotropic calibration " + Arrays.toString(voxel));
		WeightMapSettings settings = FALK.scaled(voxel[0]);
		WeightMap map = WeightMap.compute(labels.image(), settings, voxel);
		assertRealMapIsPlausible(labels.image(), map, settings, 2);
	}

	/**
	 * Weights within [vBal, w0 + 1] on background and 1 on foreground, some contact pixels turned to background,
	 * and the largest weight within {@code radius} pixels (along each axis) of two different original instances.
	 */
	private static void assertRealMapIsPlausible(Img<UnsignedShortType> labels, WeightMap map,
		WeightMapSettings settings, int radius)
	{
		int[] original = ints(labels);
		float[] weights = values(map.weights());
		int[] target = ints(map.target());
		int separated = 0;
		for (int i = 0; i < original.length; i++) {
			if (target[i] == WeightMap.FOREGROUND) {
				assertEquals(1, weights[i]);
				assertTrue(original[i] > 0);
			}
			else {
				assertEquals(WeightMap.BACKGROUND, target[i]);
				assertTrue(weights[i] >= settings.vBal() - 1e-6 && weights[i] <= settings.w0() + 1 + 1e-4);
				if (original[i] > 0) separated++;
			}
		}
		assertTrue(separated > 0, "touching nuclei must be separated");
		int argMax = argMax(weights);
		assertTrue(weights[argMax] > settings.w0() / 2, "border weights between touching nuclei");
		assertTrue(distinctInstancesNear(original, labels.dimensionsAsLongArray(), argMax, radius) >= 2,
			"maximum weight lies between two instances");
	}

	/** Number of distinct instance labels within {@code radius} pixels of pixel {@code index} along each axis. */
	private static long distinctInstancesNear(int[] labels, long[] dims, int index, int radius) {
		long[] centre = position(index, dims);
		Set<Integer> near = new HashSet<>();
		for (int i = 0; i < labels.length; i++) {
			if (labels[i] == 0) continue;
			long[] p = position(i, dims);
			boolean inside = true;
			for (int d = 0; d < dims.length; d++)
				inside &= Math.abs(p[d] - centre[d]) <= radius;
			if (inside) near.add(labels[i]);
		}
		return near.size();
	}

	/** Overlapping random boxes labelled 1..count, and one box of {@code ignoreLabel} unless it is 0. */
	private static Img<IntType> randomInstances(Random random, int count, int ignoreLabel, long... dims) {
		Img<IntType> labels = ArrayImgs.ints(dims);
		for (int label = 1; label <= count + (ignoreLabel == 0 ? 0 : 1); label++) {
			long[] min = new long[dims.length];
			long[] max = new long[dims.length];
			for (int d = 0; d < dims.length; d++) {
				long side = 1 + random.nextInt((int) Math.max(2, dims[d] / 3));
				min[d] = random.nextInt((int) (dims[d] - side + 1));
				max[d] = min[d] + side - 1;
			}
			fill(labels, label > count ? ignoreLabel : label, min, max);
		}
		return labels;
	}

	/** Checks target, weights and probabilities against a direct evaluation of their definitions. */
	private static void assertMatchesBruteForce(Img<IntType> labels, WeightMapSettings settings, double... voxel) {
		long[] dims = labels.dimensionsAsLongArray();
		int n = dims.length;
		int[] ids = ints(labels);
		int ignore = settings.ignoreLabel().orElse(0);
		boolean[] contact = new boolean[ids.length];
		for (int i = 0; i < ids.length; i++) {
			if (ids[i] <= 0 || ids[i] == ignore) continue;
			long[] p = position(i, dims);
			for (int d = 0; d < n; d++)
				for (int step : new int[]{ -1, 1 }) {
					long[] q = p.clone();
					q[d] += step;
					if (q[d] < 0 || q[d] >= dims[d]) continue;
					int other = ids[index(q, dims)];
					if (other > 0 && other != ignore && other != ids[i]) contact[i] = true;
				}
		}
		Map<Integer, List<long[]>> instances = new HashMap<>();
		for (int i = 0; i < ids.length; i++)
			if (ids[i] > 0 && ids[i] != ignore && !contact[i])
				instances.computeIfAbsent(ids[i], k -> new ArrayList<>()).add(position(i, dims));

		WeightMap map = WeightMap.compute(labels, settings, voxel);
		float[] weights = values(map.weights());
		int[] target = ints(map.target());
		float[] probability = values(map.samplingProbability());
		int withBorderTerm = 0;
		for (int i = 0; i < ids.length; i++) {
			if (settings.ignoreLabel().isPresent() && ids[i] == ignore) {
				assertEquals(WeightMap.IGNORE, target[i]);
				assertEquals(0, weights[i]);
				assertEquals(0, probability[i]);
			}
			else if (ids[i] > 0 && !contact[i]) {
				assertEquals(WeightMap.FOREGROUND, target[i]);
				assertEquals(1, weights[i]);
				assertEquals(1, probability[i]);
			}
			else {
				assertEquals(WeightMap.BACKGROUND, target[i]);
				assertEquals(settings.vBal(), probability[i], 1e-7);
				long[] p = position(i, dims);
				double[] nearest = instances.values().stream().mapToDouble(pixels -> {
					double min = Double.POSITIVE_INFINITY;
					for (long[] q : pixels) {
						double sum = 0;
						for (int d = 0; d < n; d++)
							sum += ((p[d] - q[d]) * voxel[d]) * ((p[d] - q[d]) * voxel[d]);
						min = Math.min(min, sum);
					}
					return Math.sqrt(min);
				}).sorted().toArray();
				double d1 = nearest.length > 0 ? nearest[0] : Double.POSITIVE_INFINITY;
				double d2 = nearest.length > 1 ? nearest[1] : Double.POSITIVE_INFINITY;
				double expected = falkWeight(settings, d1, d2);
				assertEquals(expected, weights[i], WeightMap.BORDER_TERM_TOLERANCE + 1e-5 * expected,
					() -> "at " + Arrays.toString(p));
				if (expected - falkWeight(settings, d1, Double.POSITIVE_INFINITY) > 1) withBorderTerm++;
			}
		}
		assertTrue(withBorderTerm > 0, "test case must exercise the border term");
	}

	private static long[] position(int index, long[] dims) {
		long[] position = new long[dims.length];
		long rest = index;
		for (int d = 0; d < dims.length; d++) {
			position[d] = rest % dims[d];
			rest /= dims[d];
		}
		return position;
	}

	private static int index(long[] position, long[] dims) {
		long index = 0;
		for (int d = dims.length - 1; d >= 0; d--)
			index = index * dims[d] + position[d];
		return (int) index;
	}

	private static double falkWeight(WeightMapSettings s, double d1, double d2) {
		return s.vBal() + s.w0() * Math.exp(-(d1 + d2) * (d1 + d2) / (2 * s.sigma() * s.sigma())) +
			(1 - s.vBal()) * Math.exp(-d1 * d1 / (2 * s.sigma1() * s.sigma1()));
	}

	private static void fill(Img<IntType> labels, int label, long[] min, long[] max) {
		Views.interval(labels, min, max).forEach(t -> t.set(label));
	}

	private static <T extends RealType<T>> float get(RandomAccessibleInterval<T> image, long... position) {
		RandomAccess<T> access = image.randomAccess();
		access.setPosition(position);
		return access.get().getRealFloat();
	}

	private static <T extends RealType<T>> float[] values(RandomAccessibleInterval<T> image) {
		float[] values = new float[(int) Intervals.numElements(image)];
		int i = 0;
		for (T t : Views.flatIterable(image))
			values[i++] = t.getRealFloat();
		return values;
	}

	private static <T extends IntegerType<T>> int[] ints(RandomAccessibleInterval<T> image) {
		int[] values = new int[(int) Intervals.numElements(image)];
		int i = 0;
		for (T t : Views.flatIterable(image))
			values[i++] = t.getInteger();
		return values;
	}

	private static int argMax(float[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++)
			if (values[i] > values[best]) best = i;
		return best;
	}
}
