package org.unetfiji.image.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.unetfiji.engine.FloatTensor;

class MirrorPaddingTest {

	@Test
	void reflectsWithoutRepeatingTheBorder() {
		long[] expected = { 2, 1, 0, 1, 2, 3, 2, 1, 0, 1 };
		for (int i = -2; i < 8; i++)
			assertEquals(expected[i + 2], MirrorPadding.reflect(i, 4), "index " + i);
		assertEquals(0, MirrorPadding.reflect(5, 1));
	}

	@Test
	void paddingKeepsTheImageInside() {
		// 2 x 3 image, 2 channels: value = 10*y + x + 0.5*c
		FloatTensor image = FloatTensor.zeros(2, 3, 2);
		for (int y = 0; y < 2; y++)
			for (int x = 0; x < 3; x++)
				for (int c = 0; c < 2; c++)
					image.data()[(y * 3 + x) * 2 + c] = 10 * y + x + 0.5f * c;
		FloatTensor padded = MirrorPadding.pad(image, new long[]{ 1, 2 }, new long[]{ 4, 8 });
		assertArrayEquals(new long[]{ 4, 8, 2 }, padded.shape());
		// padded (0, 0) is image (reflect(-1, 2), reflect(-2, 3)) = (1, 2): 12, channel 1: 12.5
		assertEquals(12f, padded.data()[0]);
		assertEquals(12.5f, padded.data()[1]);
		for (int y = 0; y < 2; y++)
			for (int x = 0; x < 3; x++)
				for (int c = 0; c < 2; c++)
					assertEquals(image.data()[(y * 3 + x) * 2 + c], padded.data()[((y + 1) * 8 + x + 2) * 2 + c]);
		assertEquals(image, MirrorPadding.crop(padded, new long[]{ 1, 2 }, new long[]{ 2, 3 }),
			"cropping the padding away gives the image back");
	}

	@Test
	void normalizationMapsPercentilesAndRejectsNaN() {
		FloatTensor ramp = FloatTensor.zeros(101, 1);
		for (int i = 0; i <= 100; i++)
			ramp.data()[i] = 1000 + 2 * i;
		FloatTensor n = new PercentileNormalizer(0, 100).apply(ramp);
		assertEquals(0, n.data()[0], 1e-6);
		assertEquals(0.5, n.data()[50], 1e-6);
		assertEquals(1, n.data()[100], 1e-6);
		FloatTensor constant = FloatTensor.zeros(5, 1);
		java.util.Arrays.fill(constant.data(), 7);
		assertArrayEquals(new float[5], PercentileNormalizer.DEFAULT.apply(constant).data());
		ramp.data()[3] = Float.NaN;
		assertThrows(IllegalArgumentException.class, () -> PercentileNormalizer.DEFAULT.apply(ramp));
		assertThrows(IllegalArgumentException.class, () -> new PercentileNormalizer(50, 10));
		assertEquals(PercentileNormalizer.DEFAULT,
			PercentileNormalizer.from(PercentileNormalizer.DEFAULT.toDescriptor()));
	}
}
