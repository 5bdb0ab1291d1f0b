package org.unetfiji.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

class ImagePlusBridgeTest {

	private static final Path GONUCLEAR = TestData.file("gonuclear-ovule-nuclei-3d/train/images/1135.tif");

	@Test
	void wrapsStackWithoutCopyingInBothDirections() {
		ImagePlus imp = IJ.openImage(GONUCLEAR.toString());
		Hyperstack<?> image = ImagePlusBridge.wrap(imp);
		assertInstanceOf(PlanarImg.class, image.data());
		ImageProcessor slice5 = imp.getStack().getProcessor(5);

		slice5.setf(3, 4, 201);
		assertEquals(201, value(image.data(), 3, 4, 0, 4, 0));

		setValue(image.data(), 7, 9, 0, 4, 0, 17);
		assertEquals(17, slice5.getf(7, 9));
	}

	@Test
	void wrapsSingleImageWithoutCopying() {
		ImagePlus imp = IJ.createImage("single", "32-bit black", 6, 5, 1);
		Hyperstack<?> image = ImagePlusBridge.wrap(imp);
		imp.getProcessor().setf(5, 4, 2.5f);
		assertEquals(2.5, value(image.data(), 5, 4, 0, 0, 0));
		assertFalse(image.is3D());
	}

	@Test
	void mapsHyperstackPlanesToChannelSliceFrame() {
		ImagePlus imp = IJ.createHyperStack("h", 4, 3, 2, 3, 4, 32);
		for (int t = 1; t <= 4; t++)
			for (int z = 1; z <= 3; z++)
				for (int c = 1; c <= 2; c++)
					imp.getStack().getProcessor(imp.getStackIndex(c, z, t)).setf(1, 2, 100 * t + 10 * z + c);
		Hyperstack<?> image = ImagePlusBridge.wrap(imp);
		assertEquals(FloatType.class, image.type().getClass());
		assertArrayEquals(new long[]{ 4, 3, 2, 3, 4 }, image.data().dimensionsAsLongArray());
		for (int t = 0; t < 4; t++)
			for (int z = 0; z < 3; z++)
				for (int c = 0; c < 2; c++)
					assertEquals(100 * (t + 1) + 10 * (z + 1) + c + 1, value(image.data(), 1, 2, c, z, t));
		assertEquals(100 * 3 + 10 * 2 + 1, value(image.frame(2), 1, 2, 0, 1));
	}

	@Test
	void readsCalibrationAndNormalisesMicrons() {
		ImagePlus imp = IJ.createImage("cal", "16-bit black", 4, 4, 3);
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.2;
		cal.pixelHeight = 0.3;
		cal.pixelDepth = 1.5;
		cal.setUnit("micron");
		Hyperstack<?> image = ImagePlusBridge.wrap(imp);
		assertEquals(UnsignedShortType.class, image.type().getClass());
		assertArrayEquals(new double[]{ 0.2, 0.3, 1.5 }, image.voxelSize());
		assertEquals("\u00B5m", image.unit());
		assertEquals("cal", image.name());
		assertEquals(3, image.sizeZ());
	}

	@Test
	void rejectsRgbWithAdvice() {
		ImagePlus rgb = IJ.createImage("colour", "RGB black", 8, 8, 1);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImagePlusBridge.wrap(rgb));
		assertTrue(e.getMessage().contains("Image > Type"), e.getMessage());
		assertTrue(e.getMessage().contains("Split Channels"), e.getMessage());
		assertTrue(e.getMessage().contains("colour"), e.getMessage());
	}

	@Test
	void readsVirtualStackIntoMemory() {
		ImagePlus virtual = IJ.openVirtual(GONUCLEAR.toString());
		assertTrue(virtual.getStack().isVirtual());
		Hyperstack<?> fromVirtual = ImagePlusBridge.wrap(virtual);
		ImagePlus loaded = IJ.openImage(GONUCLEAR.toString());
		assertEquals(100, fromVirtual.sizeZ());
		for (int z : new int[]{ 0, 37, 99 })
			for (int[] xy : new int[][]{ { 0, 0 }, { 50, 61 }, { 99, 99 } })
				assertEquals(loaded.getStack().getProcessor(z + 1).getf(xy[0], xy[1]),
					value(fromVirtual.data(), xy[0], xy[1], 0, z, 0));
	}

	@Test
	void buildsImagePlusWithDimensionsAndCalibration() {
		float[] values = new float[5 * 4 * 2 * 3 * 2];
		for (int i = 0; i < values.length; i++)
			values[i] = i * 0.5f;
		Hyperstack<FloatType> image = new Hyperstack<>(ArrayImgs.floats(values, 5, 4, 2, 3, 2),
			new double[]{ 0.5, 0.25, 2 }, "\u00B5m", "probabilities");
		ImagePlus imp = ImagePlusBridge.toImagePlus(image);
		assertEquals(32, imp.getBitDepth());
		assertArrayEquals(new int[]{ 5, 4, 2, 3, 2 }, imp.getDimensions());
		assertEquals("probabilities", imp.getTitle());
		assertEquals(0.5, imp.getCalibration().pixelWidth);
		assertEquals(0.25, imp.getCalibration().pixelHeight);
		assertEquals(2, imp.getCalibration().pixelDepth);
		assertEquals("\u00B5m", imp.getCalibration().getUnit());
		// x=3, y=2, c=1, z=2, t=1 -> flat index in X,Y,C,Z,T order
		int index = 3 + 5 * (2 + 4 * (1 + 2 * (2 + 3 * 1)));
		assertEquals(values[index], imp.getStack().getProcessor(imp.getStackIndex(2, 3, 2)).getf(3, 2));
	}

	@Test
	void keepsEightAndSixteenBitTypes() {
		ImagePlus bytes = ImagePlusBridge.toImagePlus(Hyperstack
			.uncalibrated(ArrayImgs.unsignedBytes(new byte[]{ 0, (byte) 255, (byte) 128, 7 }, 2, 2, 1, 1, 1), "b"));
		assertEquals(8, bytes.getBitDepth());
		assertEquals(255, bytes.getProcessor().getf(1, 0));
		assertEquals(128, bytes.getProcessor().getf(0, 1));
		ImagePlus shorts = ImagePlusBridge.toImagePlus(Hyperstack
			.uncalibrated(ArrayImgs.unsignedShorts(new short[]{ 0, (short) 65535, 300, 7 }, 2, 2, 1, 1, 1), "s"));
		assertEquals(16, shorts.getBitDepth());
		assertEquals(65535, shorts.getProcessor().getf(1, 0));
		assertEquals(300, shorts.getProcessor().getf(0, 1));
		assertEquals(Hyperstack.PIXEL_UNIT, shorts.getCalibration().getUnit());
	}

	@Test
	void writesIntegerLabelsAsSixteenBitWhenTheyFit() {
		ImagePlus imp = ImagePlusBridge.toImagePlus(labels(0, 1, 65535, 42));
		assertEquals(16, imp.getBitDepth());
		assertEquals(65535, imp.getProcessor().getf(0, 1));
		assertEquals(65535, imp.getDisplayRangeMax());
	}

	@Test
	void writesLargeOrNegativeLabelsAsFloat() {
		ImagePlus large = ImagePlusBridge.toImagePlus(labels(0, 70000, 3, 16_777_216));
		assertEquals(32, large.getBitDepth());
		assertEquals(70000, large.getProcessor().getf(1, 0));
		assertEquals(16_777_216, large.getProcessor().getf(1, 1));
		ImagePlus negative = ImagePlusBridge.toImagePlus(labels(-1, 0, 1, 2));
		assertEquals(32, negative.getBitDepth());
		assertEquals(-1, negative.getProcessor().getf(0, 0));
	}

	@Test
	void refusesLabelsThatFloatCannotHoldExactly() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImagePlusBridge.toImagePlus(labels(0, 16_777_217, 1, 2)));
		assertTrue(e.getMessage().contains("2^24"), e.getMessage());
	}

	@Test
	void writesOtherRealTypesAsFloat() {
		ImagePlus imp = ImagePlusBridge.toImagePlus(
			Hyperstack.uncalibrated(ArrayImgs.doubles(new double[]{ 0.25, -3, 1e6, 2 }, 2, 2, 1, 1, 1), "d"));
		assertEquals(32, imp.getBitDepth());
		assertEquals(-3, imp.getProcessor().getf(1, 0));
	}

	private static Hyperstack<IntType> labels(int... values) {
		return Hyperstack.uncalibrated(ArrayImgs.ints(values, 2, 2, 1, 1, 1), "labels");
	}

	static double value(RandomAccessibleInterval<? extends RealType<?>> data, long... position) {
		RandomAccess<? extends RealType<?>> access = data.randomAccess();
		access.setPosition(position);
		return access.get().getRealDouble();
	}

	private static void setValue(RandomAccessibleInterval<? extends RealType<?>> data, long x, long y, long c, long z,
		long t, double v)
	{
		RandomAccess<? extends RealType<?>> access = data.randomAccess();
		access.setPosition(new long[]{ x, y, c, z, t });
		access.get().setReal(v);
	}
}
