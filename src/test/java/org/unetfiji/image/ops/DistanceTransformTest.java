package org.unetfiji.image.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.logic.BitType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

class DistanceTransformTest {

	@Test
	void randomMasks2dMatchBruteForce() {
		Random random = new Random(1);
		for (double[] voxel : new double[][]{ {}, { 0.7, 2.3 }, { 3, 1 } })
			for (double density : new double[]{ 0.002, 0.05, 0.5 })
				assertMatchesBruteForce(randomMask(random, density, 41, 29), voxel);
	}

	@Test
	void randomMasks3dMatchBruteForce() {
		Random random = new Random(2);
		for (double[] voxel : new double[][]{ {}, { 0.127, 0.127, 0.284 }, { 1.5, 0.5, 4 } })
			for (double density : new double[]{ 0.001, 0.03, 0.4 })
				assertMatchesBruteForce(randomMask(random, density, 17, 13, 11), voxel);
	}

	@Test
	void oneDimensionalAndThinImages() {
		Random random = new Random(3);
		assertMatchesBruteForce(randomMask(random, 0.1, 57), 0.5);
		assertMatchesBruteForce(randomMask(random, 0.1, 1, 40), 1, 2);
		assertMatchesBruteForce(randomMask(random, 0.1, 30, 1, 7), 1, 1, 2);
	}

	@Test
	void emptyMaskGivesInfinity() {
		Img<BitType> mask = ArrayImgs.bits(12, 9, 5);
		for (FloatType d : DistanceTransform.squaredDistances(mask, BitType::get, 1, 1, 2))
			assertEquals(Float.POSITIVE_INFINITY, d.get());
		for (FloatType d : DistanceTransform.distances(mask, BitType::get))
			assertEquals(Float.POSITIVE_INFINITY, d.get());
	}

	@Test
	void fullMaskGivesZero() {
		Img<BitType> mask = ArrayImgs.bits(7, 8);
		mask.forEach(b -> b.set(true));
		for (FloatType d : DistanceTransform.squaredDistances(mask, BitType::get))
			assertEquals(0f, d.get());
	}

	@Test
	void distancesAreSquareRootsAndOriginIsIgnored() {
		Img<BitType> mask = randomMask(new Random(4), 0.02, 30, 20);
		RandomAccessibleInterval<BitType> shifted = Views.translate(mask, -5, 12);
		float[] squared = values(DistanceTransform.squaredDistances(mask, BitType::get, 0.5, 1.5));
		Img<FloatType> plain = DistanceTransform.distances(shifted, BitType::get, 0.5, 1.5);
		assertArrayEquals(new long[]{ 0, 0 }, plain.minAsLongArray());
		float[] distances = values(plain);
		for (int i = 0; i < squared.length; i++)
			assertEquals(Math.sqrt(squared[i]), distances[i], 1e-5 * (1 + distances[i]));
	}

	@Test
	void transformsSampledFunctions() {
		// min_q ((p - q)^2 + f(q)) with f = {5, inf, 0, inf, 9}
		float[] f = { 5, Float.POSITIVE_INFINITY, 0, Float.POSITIVE_INFINITY, 9 };
		DistanceTransform.transformSquared(f, new int[]{ 5 });
		assertArrayEquals(new float[]{ 4, 1, 0, 1, 4 }, f);
	}

	@Test
	void rejectsBadArguments() {
		Img<BitType> mask = ArrayImgs.bits(4, 4);
		assertThrows(IllegalArgumentException.class, () -> DistanceTransform.squaredDistances(mask, BitType::get, 1));
		assertThrows(IllegalArgumentException.class,
			() -> DistanceTransform.squaredDistances(mask, BitType::get, 1, 0));
		assertThrows(IllegalArgumentException.class,
			() -> DistanceTransform.transformSquared(new float[5], new int[]{ 2, 2 }));
	}

	private static Img<BitType> randomMask(Random random, double density, long... dims) {
		Img<BitType> mask = ArrayImgs.bits(dims);
		mask.forEach(b -> b.set(random.nextDouble() < density));
		return mask;
	}

	private static float[] values(RandomAccessibleInterval<FloatType> image) {
		float[] values = new float[(int) Intervals.numElements(image)];
		int i = 0;
		for (FloatType t : Views.flatIterable(image))
			values[i++] = t.get();
		return values;
	}

	private static void assertMatchesBruteForce(Img<BitType> mask, double... voxelSize) {
		int n = mask.numDimensions();
		double[] spacing = voxelSize.length == 0 ? ones(n) : voxelSize;
		List<long[]> features = new ArrayList<>();
		List<long[]> pixels = new ArrayList<>();
		Cursor<BitType> cursor = Views.flatIterable(mask).localizingCursor();
		while (cursor.hasNext()) {
			boolean feature = cursor.next().get();
			pixels.add(cursor.positionAsLongArray());
			if (feature) features.add(cursor.positionAsLongArray());
		}
		float[] actual = values(DistanceTransform.squaredDistances(mask, BitType::get, voxelSize));
		for (int i = 0; i < actual.length; i++) {
			long[] pixel = pixels.get(i);
			double expected = Double.POSITIVE_INFINITY;
			for (long[] feature : features) {
				double sum = 0;
				for (int d = 0; d < n; d++) {
					double delta = (pixel[d] - feature[d]) * spacing[d];
					sum += delta * delta;
				}
				expected = Math.min(expected, sum);
			}
			if (features.isEmpty()) assertEquals(Float.POSITIVE_INFINITY, actual[i]);
			else assertEquals(expected, actual[i], 1e-5 * (1 + expected), () -> "at " + Arrays.toString(pixel));
		}
	}

	private static double[] ones(int n) {
		double[] ones = new double[n];
		Arrays.fill(ones, 1);
		return ones;
	}
}
