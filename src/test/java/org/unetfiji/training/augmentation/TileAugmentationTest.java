package org.unetfiji.training.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TileAugmentationTest {

	private static final int IGNORE = -1;

	/** A volume whose image is a smooth ramp, labels 0..2 by position and weights the ramp plus 1. */
	private static Volume ramp(long... size) {
		Volume v = Volume.empty(size, 1);
		int[] position = new int[size.length];
		for (int p = 0; p < v.pixels(); p++) {
			double value = 0;
			for (int a = 0; a < size.length; a++)
				value += (a + 1) * 0.1 * position[a];
			v.image()[p] = (float) value;
			v.weights()[p] = (float) value + 1;
			v.labels()[p] = (int) (value * 7) % 3;
			for (int a = size.length - 1; a >= 0 && ++position[a] == size[a]; a--)
				position[a] = 0;
		}
		return v;
	}

	@Test
	void identityCutsPlainCrops() {
		Volume source = ramp(7, 20, 30);
		Volume tile = TileAugmentation.identity(new long[]{ 4, 8, 6 }).cut(source, new long[]{ 2, 5, 11 }, IGNORE);
		for (int z = 0; z < 4; z++)
			for (int y = 0; y < 8; y++)
				for (int x = 0; x < 6; x++) {
					int t = (z * 8 + y) * 6 + x;
					int s = ((z + 2) * 20 + y + 5) * 30 + x + 11;
					assertEquals(source.image()[s], tile.image()[t]);
					assertEquals(source.labels()[s], tile.labels()[t]);
					assertEquals(source.weights()[s], tile.weights()[t]);
				}
		Volume none = TileAugmentation
			.draw(AugmentationSettings.none(), new long[]{ 4, 8, 6 }, new double[]{ 3, 1, 1 }, new Random(5))
			.cut(source, new long[]{ 2, 5, 11 }, IGNORE);
		assertArrayEquals(tile.image(), none.image(), "no augmentation is the identity");
		assertArrayEquals(tile.labels(), none.labels());
	}

	@Test
	void pixelsOutsideTheSourceAreIgnoredAndMirroredInTheImage() {
		Volume source = ramp(10, 10);
		Volume tile = TileAugmentation.identity(new long[]{ 4, 4 }).cut(source, new long[]{ -2, 0 }, IGNORE);
		assertEquals(IGNORE, tile.labels()[0]);
		assertEquals(0, tile.weights()[0]);
		assertEquals(source.image()[2 * 10], tile.image()[0], "row -2 mirrors row 2");
		assertEquals(source.labels()[0], tile.labels()[2 * 4]);
	}

	@Test
	void labelsStayInTheLabelSetAndWeightsMoveWithTheImage() {
		Volume source = ramp(64, 64);
		AugmentationSettings spatialOnly = new AugmentationSettings(true, true, 180, 6, 3, 0, 0, 0);
		long[] tile = { 24, 24 };
		boolean changed = false;
		for (int seed = 0; seed < 20; seed++) {
			Volume cut = TileAugmentation.draw(spatialOnly, tile, new double[]{ 1, 1 }, new Random(seed)).cut(source,
				new long[]{ 20, 20 }, IGNORE);
			Volume again = TileAugmentation.draw(spatialOnly, tile, new double[]{ 1, 1 }, new Random(seed)).cut(source,
				new long[]{ 20, 20 }, IGNORE);
			assertArrayEquals(cut.image(), again.image(), "same seed, same tile");
			for (int p = 0; p < cut.pixels(); p++) {
				assertTrue(Set.of(IGNORE, 0, 1, 2).contains(cut.labels()[p]), "label " + cut.labels()[p]);
				if (cut.labels()[p] == IGNORE) continue;
				// nearest (weights) and linear (image) reads of the same position differ by at most half a pixel
				// along each axis of the ramp 0.1 y + 0.2 x
				assertEquals(cut.weights()[p] - 1, cut.image()[p], 0.15 + 1e-4);
				changed |= Math.abs(cut.image()[p] - source.image()[(20 + p / 24) * 64 + 20 + p % 24]) > 0.5;
			}
		}
		assertTrue(changed, "the augmentation must move pixels");
	}

	@Test
	void anisotropicStacksRotateInPlaneOnly() {
		Volume source = Volume.empty(new long[]{ 12, 40, 40 }, 1);
		for (int p = 0; p < source.pixels(); p++)
			source.image()[p] = p / 1600;
		AugmentationSettings rotations = new AugmentationSettings(false, true, 180, 0, 3, 0, 0, 0);
		Volume cut = TileAugmentation.draw(rotations, new long[]{ 4, 16, 16 }, new double[]{ 3, 1, 1 }, new Random(3))
			.cut(source, new long[]{ 5, 12, 12 }, IGNORE);
		for (int p = 0; p < cut.pixels(); p++)
			assertEquals(5 + p / 256, cut.image()[p], 1e-4, "z is kept by in-plane rotations");
	}

	@Test
	void intensityChangesTouchTheImageOnlyAndAreReproducible() {
		Volume source = ramp(30, 30);
		AugmentationSettings intensity = new AugmentationSettings(false, false, 0, 0, 3, 0.3, 0.2, 0.05);
		Volume a = TileAugmentation.draw(intensity, new long[]{ 16, 16 }, new double[]{ 1, 1 }, new Random(9))
			.cut(source, new long[]{ 3, 4 }, IGNORE);
		Volume b = TileAugmentation.draw(intensity, new long[]{ 16, 16 }, new double[]{ 1, 1 }, new Random(9))
			.cut(source, new long[]{ 3, 4 }, IGNORE);
		Volume plain = TileAugmentation.identity(new long[]{ 16, 16 }).cut(source, new long[]{ 3, 4 }, IGNORE);
		assertArrayEquals(a.image(), b.image());
		assertArrayEquals(plain.labels(), a.labels());
		assertArrayEquals(plain.weights(), a.weights());
		double difference = 0;
		for (int p = 0; p < a.pixels(); p++)
			difference += Math.abs(a.image()[p] - plain.image()[p]);
		assertTrue(difference / a.pixels() > 0.01, "mean change " + difference / a.pixels());
	}
}
