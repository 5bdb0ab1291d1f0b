package org.unetfiji.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unetfiji.image.ImagePlusBridgeTest.value;

import org.junit.jupiter.api.Test;

import net.imglib2.converter.Converters;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.logic.BoolType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class HyperstackTest {

	@Test
	void exposesSizesAndFrames() {
		ArrayImg<FloatType, FloatArray> data = ArrayImgs.floats(4, 3, 2, 5, 6);
		Hyperstack<FloatType> image = new Hyperstack<>(data, new double[]{ 0.1, 0.1, 0.5 }, "\u00B5m", "x");
		assertEquals(4, image.sizeX());
		assertEquals(3, image.sizeY());
		assertEquals(2, image.sizeC());
		assertEquals(5, image.sizeZ());
		assertEquals(6, image.sizeT());
		assertTrue(image.is3D());

		data.randomAccess().setPositionAndGet(1, 2, 1, 3, 4).set(9);
		assertArrayEquals(new long[]{ 4, 3, 2, 5 }, image.frame(4).dimensionsAsLongArray());
		assertEquals(9, value(image.frame(4), 1, 2, 1, 3), "frame must be a view of the same pixels");
		assertThrows(IndexOutOfBoundsException.class, () -> image.frame(6));
	}

	@Test
	void keepsCalibrationImmutableAndCarriesItToNewData() {
		double[] voxel = { 0.2, 0.3, 1 };
		Hyperstack<FloatType> image = new Hyperstack<>(ArrayImgs.floats(2, 2, 1, 1, 1), voxel, "nm", "n");
		voxel[0] = 99;
		image.voxelSize()[1] = 99;
		assertArrayEquals(new double[]{ 0.2, 0.3, 1 }, image.voxelSize());

		Hyperstack<IntType> labels = image.withData(ArrayImgs.ints(2, 2, 1, 1, 1));
		assertArrayEquals(image.voxelSize(), labels.voxelSize());
		assertEquals("nm", labels.unit());
		assertEquals("n", labels.name());
		assertFalse(labels.is3D());
	}

	@Test
	void movesOriginToZero() {
		var shifted = Views.translate(ArrayImgs.floats(2, 2, 1, 1, 1), 5, 5, 0, 0, 0);
		Hyperstack<FloatType> image = Hyperstack.uncalibrated(shifted, "");
		assertEquals(0, image.data().min(0));
		assertEquals(Hyperstack.PIXEL_UNIT, image.unit());
	}

	@Test
	void rejectsWrongDimensionalityAndCalibration() {
		assertThrows(IllegalArgumentException.class, () -> Hyperstack.uncalibrated(ArrayImgs.floats(2, 2), ""));
		assertThrows(IllegalArgumentException.class,
			() -> new Hyperstack<>(ArrayImgs.floats(1, 1, 1, 1, 1), new double[]{ 1, 0, 1 }, "px", ""));
		assertThrows(IllegalArgumentException.class,
			() -> new Hyperstack<>(ArrayImgs.floats(1, 1, 1, 1, 1), new double[]{ 1, 1 }, "px", ""));
		assertThrows(IllegalArgumentException.class,
			() -> new Hyperstack<>(ArrayImgs.floats(1, 1, 1, 1, 1), new double[]{ 1, 1, 1 }, " ", ""));
	}

	@Test
	void arrangesAnyRealImageByItsAxesWithoutCopying() {
		var zyx = ArrayImgs.unsignedShorts(5, 4, 3); // X=5, Y=4, Z=3 stored as the axes "XYZ"
		zyx.randomAccess().setPositionAndGet(4, 1, 2).set(7);
		Hyperstack<?> image = Hyperstack.of(Views.permute(zyx, 0, 2), "ZYX", new double[]{ 0.5, 0.5, 2 }, "\u00B5m",
			"stack");
		assertArrayEquals(new long[]{ 5, 4, 1, 3, 1 }, image.data().dimensionsAsLongArray());
		assertEquals(7, value(image.data(), 4, 1, 0, 2, 0));
		assertTrue(image.type() instanceof UnsignedShortType, "a native type is kept");
		zyx.randomAccess().setPositionAndGet(0, 0, 0).set(3);
		assertEquals(3, value(image.data(), 0, 0, 0, 0, 0), "a view of the same pixels");
		assertEquals(2, image.voxelSize()[2]);

		var bits = Converters.convert(ArrayImgs.unsignedShorts(new short[]{ 0, 1, 1, 0 }, 2, 1, 2),
			(a, b) -> b.set(a.get() > 0), new BoolType());
		Hyperstack<?> time = Hyperstack.of(bits, "XYT", new double[]{ 1, 1, 1 }, Hyperstack.PIXEL_UNIT, "");
		assertTrue(time.type() instanceof FloatType, "other types are read as floats");
		assertArrayEquals(new long[]{ 2, 1, 1, 1, 2 }, time.data().dimensionsAsLongArray());
		assertEquals(1, value(time.data(), 0, 0, 0, 0, 1));

		for (String wrong : new String[]{ "XY", "XYZZ", "XZT", "XYQ" })
			assertThrows(IllegalArgumentException.class,
				() -> Hyperstack.of(zyx, wrong, new double[]{ 1, 1, 1 }, Hyperstack.PIXEL_UNIT, ""), wrong);
	}
}
