package org.unetfiji.visualization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

import ij.process.ColorProcessor;

/** Two touching objects of one class: each gets its own outline colour, so the split between them shows. */
class OverlayTest {

	@Test
	void touchingObjectsAreOutlinedInTheirOwnColours() {
		int width = 12;
		int height = 6;
		float[] grey = new float[width * height];
		int[] classes = new int[width * height];
		int[] instances = new int[width * height];
		for (int y = 1; y < 5; y++)
			for (int x = 1; x < 11; x++) {
				classes[y * width + x] = 1;
				instances[y * width + x] = x < 6 ? 1 : 2;
			}
		ColorProcessor objects = Overlay.render(grey, classes, instances, width, height);
		ColorProcessor classesOnly = Overlay.render(grey, classes, width, height);
		int left = objects.get(5, 2) & 0xffffff;
		int right = objects.get(6, 2) & 0xffffff;
		assertNotEquals(left, right, "the border between the objects is drawn in both their colours");
		assertEquals(left, objects.get(1, 1) & 0xffffff, "an object's outline has one colour");
		assertEquals(right, objects.get(10, 4) & 0xffffff);
		assertEquals(classesOnly.get(5, 2), classesOnly.get(6, 2), "by class alone the two are one object");
		assertEquals(classesOnly.get(0, 0), objects.get(0, 0), "the background stays grey");
		assertNotEquals(objects.get(3, 2) & 0xffffff, objects.get(8, 2) & 0xffffff, "the insides are tinted apart");
	}

	@Test
	void ranksAreTheOrderStatisticsASortWould() {
		java.util.Random random = new java.util.Random(7);
		for (int n : new int[]{ 1, 2, 3, 10, 1001, 65536 }) {
			float[] values = new float[n];
			for (int i = 0; i < n; i++)
				values[i] = random.nextInt(Math.max(1, n / 4)) * 0.5f; // many equal values, as in 8-bit images
			assertOrderStatistics(values);
			for (int i = 0; i < n; i++) // signs, zeros of both signs, infinities, NaN, tiny and huge values
				values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30));
			values[0] = -0f;
			if (n > 3) {
				values[1] = 0f;
				values[2] = Float.NEGATIVE_INFINITY;
				values[3] = Float.NaN;
			}
			assertOrderStatistics(values);
		}
	}

	private static void assertOrderStatistics(float[] values) {
		int n = values.length;
		float[] sorted = values.clone();
		java.util.Arrays.sort(sorted);
		int[] ranks = { 0, (int) (0.01 * (n - 1)), n / 2, (int) (0.998 * (n - 1)), n - 1 };
		float[] found = Overlay.valuesOfRanks(values, ranks);
		for (int r = 0; r < ranks.length; r++)
			assertEquals(Float.floatToIntBits(sorted[ranks[r]]), Float.floatToIntBits(found[r]),
				"rank " + ranks[r] + " of " + n);
	}
}
