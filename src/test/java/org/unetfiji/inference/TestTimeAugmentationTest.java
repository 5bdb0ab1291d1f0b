package org.unetfiji.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.model.ModelPackage;

import ij.IJ;
import ij.ImagePlus;

/**
 * Test-time augmentation with the bundled nuclei model (real TensorFlow) on a real HeLa crop: the averaged
 * prediction of a mirrored or rotated tile is the mirrored or rotated prediction, which the network alone is not.
 */
class TestTimeAugmentationTest {

	private static final Path MODEL = Path.of("models/nuclei-2d");
	private static final Path HELA = Path.of("sample-images/ctc-hela-t79.tif");

	/** A normalised 96 × 64 crop as a batch of one, {@code (1, y, x, 1)}. */
	private static FloatTensor tile() {
		ImagePlus hela = IJ.openImage(HELA.toString());
		float[] data = new float[96 * 64];
		double max = hela.getProcessor().getStatistics().max;
		for (int y = 0; y < 96; y++)
			for (int x = 0; x < 64; x++)
				data[y * 64 + x] = (float) (hela.getProcessor().getPixelValue(100 + x, 100 + y) / max);
		return new FloatTensor(data, new long[]{ 1, 96, 64, 1 });
	}

	private static double largestDifference(FloatTensor a, FloatTensor b) {
		assertArrayEquals(a.shape(), b.shape());
		double largest = 0;
		for (int i = 0; i < a.data().length; i++)
			largest = Math.max(largest, Math.abs(a.data()[i] - b.data()[i]));
		return largest;
	}

	@Test
	void flipsAndTransposesAreUndone() {
		FloatTensor t = tile();
		FloatTensor transposed = TestTimeAugmentation.transpose(t);
		assertArrayEquals(new long[]{ 1, 64, 96, 1 }, transposed.shape());
		assertEquals(t.data()[5 * 64 + 7], transposed.data()[7 * 96 + 5]);
		assertArrayEquals(t.data(), TestTimeAugmentation.transpose(transposed).data());
		boolean[] both = { true, true };
		FloatTensor flipped = TestTimeAugmentation.flip(t, both);
		assertEquals(t.data()[0], flipped.data()[96 * 64 - 1]);
		assertArrayEquals(t.data(), TestTimeAugmentation.flip(flipped, both).data());

		FloatTensor stack = new FloatTensor(new float[2 * 3 * 4 * 5 * 2], new long[]{ 2, 3, 4, 5, 2 });
		for (int i = 0; i < stack.data().length; i++)
			stack.data()[i] = i;
		FloatTensor zFlipped = TestTimeAugmentation.flip(stack, new boolean[]{ true, false, false });
		assertEquals(stack.data()[2 * 4 * 5 * 2 + 1], zFlipped.data()[1],
			"z 2 of 3 becomes z 0, batch and channel kept");
		assertEquals(stack.data()[3 * 4 * 5 * 2 + 2 * 4 * 5 * 2], zFlipped.data()[3 * 4 * 5 * 2],
			"in the 2nd batch too");
		FloatTensor stackTransposed = TestTimeAugmentation.transpose(stack);
		assertArrayEquals(new long[]{ 2, 3, 5, 4, 2 }, stackTransposed.shape());
		assertArrayEquals(stack.data(), TestTimeAugmentation.transpose(stackTransposed).data());
	}

	@Test
	void averagedPredictionsFollowTheFlipsAndRotationsOfTheImage() throws Exception {
		try (ModelPackage model = ModelPackage.open(MODEL);
			LoadedModel loaded = LoadedModel.load(model, "tensorflow"))
		{
			Network network = loaded.network();
			assertSame(network, TestTimeAugmentation.NONE.wrap(network));
			FloatTensor tile = tile();
			boolean[] mirrorX = { false, true };
			FloatTensor plain = network.predict(tile);
			assertTrue(largestDifference(
				TestTimeAugmentation.flip(network.predict(TestTimeAugmentation.flip(tile, mirrorX)), mirrorX),
				plain) > 1e-3, "the network alone is not mirror-symmetric");

			Network flips = TestTimeAugmentation.FLIPS.wrap(network);
			FloatTensor averaged = flips.predict(tile);
			assertTrue(largestDifference(averaged, plain) > 1e-3, "the augmentation changes the probabilities");
			assertTrue(largestDifference(
				TestTimeAugmentation.flip(flips.predict(TestTimeAugmentation.flip(tile, mirrorX)), mirrorX),
				averaged) < 1e-4, "with flips, a mirrored image gives the mirrored prediction");
			for (int i = 0; i < averaged.data().length; i += 2)
				assertEquals(1, averaged.data()[i] + averaged.data()[i + 1], 1e-4, "still probabilities");

			Network d4 = TestTimeAugmentation.D4.wrap(network);
			FloatTensor rotationsAveraged = d4.predict(tile);
			assertTrue(
				largestDifference(TestTimeAugmentation.transpose(d4.predict(TestTimeAugmentation.transpose(tile))),
					rotationsAveraged) < 1e-4,
				"with d4, a transposed image gives the transposed prediction");
			assertEquals(8, TestTimeAugmentation.D4.predictions(2));
			assertEquals(4, TestTimeAugmentation.FLIPS.predictions(2));
			assertEquals(16, TestTimeAugmentation.D4.predictions(3));
		}
	}

	@Test
	void readsItsKey() {
		assertEquals(TestTimeAugmentation.D4, TestTimeAugmentation.parse("D4"));
		assertEquals("tta=mirror is not one of none, flips, d4",
			assertThrows(IllegalArgumentException.class, () -> TestTimeAugmentation.parse("mirror")).getMessage());
	}
}
