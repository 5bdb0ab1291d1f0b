package org.unetfiji.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.unetfiji.image.ImagePlusBridgeTest.value;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.process.ImageProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class TensorsTest {

	/** X=3, Y=2, C=2, Z=2; value = 1000 z + 100 y + 10 x + c. */
	private static RandomAccessibleInterval<UnsignedShortType> coded() {
		short[] values = new short[3 * 2 * 2 * 2];
		int i = 0;
		for (int z = 0; z < 2; z++)
			for (int c = 0; c < 2; c++)
				for (int y = 0; y < 2; y++)
					for (int x = 0; x < 3; x++)
						values[i++] = (short) (1000 * z + 100 * y + 10 * x + c);
		return ArrayImgs.unsignedShorts(values, 3, 2, 2, 2);
	}

	@Test
	void writesChannelsLastInCOrder() {
		float[] tensor = Tensors.toChannelsLast(coded());
		// hand-checked [z][y][x][c] positions
		assertArrayEquals(new float[]{ 0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121 },
			java.util.Arrays.copyOf(tensor, 12));
		assertEquals(1000, tensor[12]);
		assertEquals(1121, tensor[23]);
		for (int z = 0; z < 2; z++)
			for (int y = 0; y < 2; y++)
				for (int x = 0; x < 3; x++)
					for (int c = 0; c < 2; c++)
						assertEquals(1000 * z + 100 * y + 10 * x + c, tensor[((z * 2 + y) * 3 + x) * 2 + c]);
	}

	@Test
	void copiesTilesWithNonZeroOrigin() {
		RandomAccessibleInterval<UnsignedShortType> tile = Views.interval(coded(), new long[]{ 1, 1, 0, 1 },
			new long[]{ 2, 1, 1, 1 });
		float[] target = new float[4];
		Tensors.copyToChannelsLast(tile, target);
		assertArrayEquals(new float[]{ 1110, 1111, 1120, 1121 }, target);
		assertThrows(IllegalArgumentException.class, () -> Tensors.copyToChannelsLast(tile, new float[5]));
	}

	@Test
	void wrapsChannelsLastArrayWithoutCopying() {
		float[] tensor = Tensors.toChannelsLast(coded());
		Hyperstack<FloatType> image = Tensors.fromChannelsLast(tensor, 2, 2, 3, 2);
		assertArrayEquals(new long[]{ 3, 2, 2, 2, 1 }, image.data().dimensionsAsLongArray());
		ImageFilesTest.assertSameValues(coded(), image.frame(0));
		tensor[((1 * 2 + 1) * 3 + 2) * 2 + 1] = -5; // z=1, y=1, x=2, c=1
		assertEquals(-5, value(image.data(), 2, 1, 1, 1, 0));
	}

	@Test
	void wrapsTwoDimensionalShape() {
		// Y=2, X=2, C=3
		float[] tensor = { 0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112 };
		Hyperstack<FloatType> image = Tensors.fromChannelsLast(tensor, 2, 2, 3);
		assertArrayEquals(new long[]{ 2, 2, 3, 1, 1 }, image.data().dimensionsAsLongArray());
		assertEquals(112, value(image.data(), 1, 1, 2, 0, 0));
		assertEquals(10, value(image.data(), 1, 0, 0, 0, 0));
		assertArrayEquals(tensor, Tensors.toChannelsLast(image.frame(0)));
	}

	@Test
	void rejectsInconsistentShapes() {
		assertThrows(IllegalArgumentException.class, () -> Tensors.fromChannelsLast(new float[12], 2, 2, 2));
		assertThrows(IllegalArgumentException.class, () -> Tensors.fromChannelsLast(new float[12], 12));
		assertThrows(IllegalArgumentException.class, () -> Tensors.toChannelsLast(ArrayImgs.floats(2, 2)));
	}

	@Test
	void convertsRealImageFrame() throws IOException {
		var file = TestData.file("ctc-hela-nuclei-2d/train/images/t13.tif");
		Hyperstack<?> image = ImageFiles.read(file);
		float[] tensor = Tensors.toChannelsLast(image.frame(0));
		ImageProcessor ip = IJ.openImage(file.toString()).getProcessor();
		assertEquals(1100 * 700, tensor.length);
		for (int[] xy : new int[][]{ { 0, 0 }, { 1099, 0 }, { 0, 699 }, { 640, 321 } })
			assertEquals(ip.getf(xy[0], xy[1]), tensor[xy[1] * 1100 + xy[0]]);
	}

	@Test
	void convertsRealVolume() throws IOException {
		var file = TestData.file("gonuclear-ovule-nuclei-3d/train/images/1135.tif");
		Hyperstack<?> image = ImageFiles.read(file);
		float[] tensor = Tensors.toChannelsLast(image.frame(0));
		var stack = IJ.openImage(file.toString()).getStack();
		for (int[] zyx : new int[][]{ { 0, 0, 0 }, { 99, 99, 99 }, { 42, 17, 63 }, { 70, 88, 5 } })
			assertEquals(stack.getProcessor(zyx[0] + 1).getf(zyx[2], zyx[1]),
				tensor[(zyx[0] * 100 + zyx[1]) * 100 + zyx[2]]);
	}
}
