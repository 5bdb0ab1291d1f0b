package org.unetfiji.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unetfiji.image.ImagePlusBridgeTest.value;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ImageProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class ImageFilesTest {

	@TempDir
	Path dir;

	@Test
	void readsEightBitPng() throws IOException {
		Path file = TestData.file("isbi2012-em-membranes/train/images/000.png");
		Hyperstack<?> image = ImageFiles.read(file);
		assertEquals(UnsignedByteType.class, image.type().getClass());
		assertArrayEquals(new long[]{ 512, 512, 1, 1, 1 }, image.data().dimensionsAsLongArray());
		assertFalse(image.is3D());
		assertEquals(Hyperstack.PIXEL_UNIT, image.unit());
		assertEquals("000.png", image.name());
		ImageProcessor ip = IJ.openImage(file.toString()).getProcessor();
		for (int[] xy : new int[][]{ { 0, 0 }, { 511, 0 }, { 0, 511 }, { 255, 256 }, { 17, 400 } })
			assertEquals(ip.getf(xy[0], xy[1]), value(image.data(), xy[0], xy[1], 0, 0, 0));
		assertPlaneEquals(ip, image, 0, 0, 0);
	}

	@Test
	void readsSixteenBitTiff() throws IOException {
		Path file = TestData.file("ctc-hela-nuclei-2d/train/images/t13.tif");
		Hyperstack<?> image = ImageFiles.read(file);
		assertEquals(UnsignedShortType.class, image.type().getClass());
		assertArrayEquals(new long[]{ 1100, 700, 1, 1, 1 }, image.data().dimensionsAsLongArray());
		ImageProcessor ip = IJ.openImage(file.toString()).getProcessor();
		for (int[] xy : new int[][]{ { 0, 0 }, { 1099, 699 }, { 550, 350 }, { 123, 456 } })
			assertEquals(ip.getf(xy[0], xy[1]), value(image.data(), xy[0], xy[1], 0, 0, 0));
		assertPlaneEquals(ip, image, 0, 0, 0);
		assertTrue(ip.getStatistics().max > 255, "expected true 16-bit values");
	}

	@Test
	void readsThreeDimensionalHyperstackWithCalibration() throws IOException {
		Path file = TestData.file("gonuclear-ovule-nuclei-3d/train/images/1135.tif");
		Hyperstack<?> image = ImageFiles.read(file);
		assertEquals(UnsignedByteType.class, image.type().getClass());
		assertArrayEquals(new long[]{ 100, 100, 1, 100, 1 }, image.data().dimensionsAsLongArray());
		assertEquals(100, image.sizeZ());
		assertTrue(image.is3D());
		assertEquals("\u00B5m", image.unit());
		double[] voxel = image.voxelSize();
		assertEquals(0.127, voxel[0], 0.001);
		assertEquals(0.127, voxel[1], 0.001);
		assertEquals(0.284, voxel[2], 0.001);
		ImagePlus imp = IJ.openImage(file.toString());
		for (int z : new int[]{ 0, 1, 50, 99 })
			assertPlaneEquals(imp.getStack().getProcessor(z + 1), image, 0, z, 0);
	}

	@Test
	void readsThreeDimensionalInstanceLabels() throws IOException {
		Hyperstack<?> labels = ImageFiles.read(TestData.file("gonuclear-ovule-nuclei-3d/train/labels/1135.tif"));
		assertEquals(UnsignedShortType.class, labels.type().getClass());
		assertEquals(100, labels.sizeZ());
		double max = 0;
		for (RealType<?> v : Views.iterable(labels.data()))
			max = Math.max(max, v.getRealDouble());
		assertEquals(54, max, "the README lists 54 nuclei with consecutive ids");
	}

	@Test
	void roundTripsFloatHyperstackWithChannelsAndFrames() throws IOException {
		float[] values = new float[7 * 5 * 2 * 3 * 2];
		Random random = new Random(1);
		for (int i = 0; i < values.length; i++)
			values[i] = (float) random.nextGaussian();
		Hyperstack<FloatType> image = new Hyperstack<>(ArrayImgs.floats(values, 7, 5, 2, 3, 2),
			new double[]{ 0.5, 0.25, 2 }, "\u00B5m", "prob");
		Path file = dir.resolve("prob.tif");
		ImageFiles.write(image, file);

		Hyperstack<?> back = ImageFiles.read(file);
		assertEquals(FloatType.class, back.type().getClass());
		assertArrayEquals(new long[]{ 7, 5, 2, 3, 2 }, back.data().dimensionsAsLongArray());
		assertArrayEquals(new double[]{ 0.5, 0.25, 2 }, back.voxelSize(), 1e-9);
		assertEquals("\u00B5m", back.unit());
		assertSameValues(image.data(), back.data());
	}

	@Test
	void roundTripsIntegerLabelsAsSixteenBit() throws IOException {
		int[] values = new int[6 * 4 * 1 * 5];
		for (int i = 0; i < values.length; i++)
			values[i] = i % 3 == 0 ? 0 : 1000 + i * 500;
		Hyperstack<IntType> labels = Hyperstack.uncalibrated(ArrayImgs.ints(values, 6, 4, 1, 5, 1), "labels");
		Path file = dir.resolve("labels.tif");
		ImageFiles.write(labels, file);

		Hyperstack<?> back = ImageFiles.read(file);
		assertEquals(UnsignedShortType.class, back.type().getClass());
		assertEquals(5, back.sizeZ());
		assertEquals(Hyperstack.PIXEL_UNIT, back.unit());
		assertSameValues(labels.data(), back.data());
	}

	@Test
	void roundTripsRealThreeDimensionalLabels() throws IOException {
		Path source = TestData.file("gonuclear-ovule-nuclei-3d/test/labels/1136.tif");
		Hyperstack<?> labels = ImageFiles.read(source);
		Path file = dir.resolve("copy.tif");
		ImageFiles.write(labels, file);
		Hyperstack<?> back = ImageFiles.read(file);
		assertEquals(UnsignedShortType.class, back.type().getClass());
		assertArrayEquals(labels.voxelSize(), back.voxelSize(), 1e-9);
		assertSameValues(labels.data(), back.data());
	}

	@Test
	void writeReplacesExistingFileAndCreatesFolders() throws IOException {
		Path file = dir.resolve("new/sub/out.tif");
		ImageFiles.write(Hyperstack.uncalibrated(ArrayImgs.floats(new float[]{ 1, 2, 3, 4 }, 2, 2, 1, 1, 1), ""), file);
		ImageFiles.write(Hyperstack.uncalibrated(ArrayImgs.floats(new float[]{ 5, 6, 7, 8 }, 2, 2, 1, 1, 1), ""), file);
		assertEquals(8, value(ImageFiles.read(file).data(), 1, 1, 0, 0, 0));
		assertEquals(List.of(file), listFiles(file.getParent()), "no temporary files may be left behind");
	}

	@Test
	void writtenFilesGetTheFolderDefaultPermissions() throws IOException {
		Path reference = Files.createFile(dir.resolve("reference"));
		Path file = dir.resolve("out.tif");
		ImageFiles.write(small(), file);
		if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
			Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
			assertEquals(expected, Files.getPosixFilePermissions(file));
		}
	}

	@Test
	void failedWriteLeavesTargetUntouchedAndNoTemporaryFile() throws IOException {
		Path target = dir.resolve("result.tif");
		byte[] old = "previous result".getBytes(StandardCharsets.US_ASCII);
		Files.write(target, old);

		IOException e = assertThrows(IOException.class, () -> ImageFiles.writeAtomically(target, out -> {
			out.write(new byte[100_000]); // more than the stream buffer, so some bytes reach the file
			throw new IOException("disk full");
		}));
		assertEquals("disk full", e.getMessage());
		assertArrayEquals(old, Files.readAllBytes(target));
		assertEquals(List.of(target), listFiles(dir));

		assertThrows(IllegalStateException.class, () -> ImageFiles.writeAtomically(target, out -> {
			out.write(1);
			throw new IllegalStateException("bug in the writer");
		}));
		assertArrayEquals(old, Files.readAllBytes(target));
		assertEquals(List.of(target), listFiles(dir));
	}

	@Test
	void writeIntoReadOnlyFolderFailsCleanly() throws IOException {
		Path folder = Files.createDirectory(dir.resolve("locked"));
		Path target = folder.resolve("result.tif");
		byte[] old = { 1, 2, 3 };
		Files.write(target, old);
		folder.toFile().setWritable(false, false);
		try {
			org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(folder),
				"running as root: a read-only folder is still writable (covered by the injected failures)");
			assertThrows(IOException.class, () -> ImageFiles.write(small(), target));
			assertArrayEquals(old, Files.readAllBytes(target));
			assertEquals(List.of(target), listFiles(folder));
		}
		finally {
			folder.toFile().setWritable(true, false);
		}
	}

	@Test
	void refusesToWriteOverAFolder() throws IOException {
		Path folder = Files.createDirectory(dir.resolve("out.tif"));
		IOException e = assertThrows(IOException.class, () -> ImageFiles.write(small(), folder));
		assertTrue(e.getMessage().contains("folder"), e.getMessage());
		assertTrue(Files.isDirectory(folder));
		assertEquals(List.of(folder), listFiles(dir));
	}

	@Test
	void refusesToOverwriteTheInputFile() throws IOException {
		Path input = dir.resolve("input.tif");
		ImageFiles.write(small(), input);
		byte[] before = Files.readAllBytes(input);
		Hyperstack<?> image = ImageFiles.read(input);
		Path sameFileOtherSpelling = dir.resolve("sub/../input.tif");

		assertThrows(FileAlreadyExistsException.class, () -> ImageFiles.write(image, input, input));
		assertThrows(FileAlreadyExistsException.class, () -> ImageFiles.write(image, sameFileOtherSpelling, input));
		assertArrayEquals(before, Files.readAllBytes(input));

		Path output = dir.resolve("output.tif");
		ImageFiles.write(image, output, input);
		assertTrue(Files.exists(output));
	}

	@Test
	void missingFileGivesClearError() {
		Path missing = dir.resolve("nope.tif");
		NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ImageFiles.read(missing));
		assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("not found"), e.getMessage());
	}

	@Test
	void garbageFileGivesClearError() throws IOException {
		Path garbage = dir.resolve("garbage.tif");
		byte[] bytes = new byte[4096];
		new Random(7).nextBytes(bytes);
		Files.write(garbage, bytes);
		IOException e = assertThrows(IOException.class, () -> ImageFiles.read(garbage));
		assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());
	}

	@Test
	void truncatedTiffGivesClearError() throws IOException {
		byte[] real = Files.readAllBytes(TestData.file("ctc-hela-nuclei-2d/train/images/t13.tif"));
		Path truncated = dir.resolve("truncated.tif");
		Files.write(truncated, java.util.Arrays.copyOf(real, 16)); // valid TIFF header, no image directory
		IOException e = assertThrows(IOException.class, () -> ImageFiles.read(truncated));
		assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
	}

	@Test
	void unsupportedFormatsAndRgbGiveClearErrors() throws IOException {
		Path text = Files.writeString(dir.resolve("notes.txt"), "1 2 3\n4 5 6\n");
		IOException e = assertThrows(IOException.class, () -> ImageFiles.read(text));
		assertTrue(e.getMessage().contains("not a TIFF or PNG"), e.getMessage());

		Path rgb = dir.resolve("rgb.png");
		ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", rgb.toFile());
		e = assertThrows(IOException.class, () -> ImageFiles.read(rgb));
		assertTrue(e.getMessage().contains(rgb.toString()) && e.getMessage().contains("RGB"), e.getMessage());

		e = assertThrows(IOException.class, () -> ImageFiles.read(dir));
		assertTrue(e.getMessage().contains("folder"), e.getMessage());
	}

	@Test
	void writesPngFromBufferedImage() throws IOException {
		BufferedImage picture = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
		picture.setRGB(2, 1, 0xff8000);
		Path file = dir.resolve("overlay.png");
		ImageFiles.writePng(picture, file);
		BufferedImage back = ImageIO.read(file.toFile());
		assertEquals(3, back.getWidth());
		assertEquals(0xff8000, back.getRGB(2, 1) & 0xffffff);
		assertEquals(List.of(file), listFiles(dir));
	}

	@Test
	void writesPngFromImagePlusWithOverlayBurnedIn() throws IOException {
		ImagePlus imp = IJ.createImage("grey", "8-bit black", 20, 10, 1);
		Roi box = new Roi(2, 2, 5, 5);
		box.setFillColor(java.awt.Color.RED);
		imp.setOverlay(new Overlay(box));
		Path file = dir.resolve("picture.png");
		ImageFiles.writePng(imp, file);
		BufferedImage back = ImageIO.read(file.toFile());
		assertEquals(20, back.getWidth());
		assertEquals(10, back.getHeight());
		assertEquals(0xff0000, back.getRGB(4, 4) & 0xffffff);
		assertEquals(0x000000, back.getRGB(15, 8) & 0xffffff);
	}

	private static Hyperstack<FloatType> small() {
		return Hyperstack.uncalibrated(ArrayImgs.floats(new float[]{ 1, 2, 3, 4, 5, 6 }, 3, 2, 1, 1, 1), "small");
	}

	private static List<Path> listFiles(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.sorted().toList();
		}
	}

	private static void assertPlaneEquals(ImageProcessor expected, Hyperstack<?> image, int c, int z, int t) {
		RandomAccessibleInterval<? extends RealType<?>> plane = Views
			.hyperSlice(Views.hyperSlice(image.frame(t), Hyperstack.AXIS_Z, z), Hyperstack.AXIS_C, c);
		Cursor<? extends RealType<?>> cursor = Views.flatIterable(plane).localizingCursor();
		while (cursor.hasNext()) {
			float v = cursor.next().getRealFloat();
			if (v != expected.getf(cursor.getIntPosition(0), cursor.getIntPosition(1))) throw new AssertionError(
				"pixel " + cursor.getIntPosition(0) + "," + cursor.getIntPosition(1) + " of plane c" + c + " z" + z +
					" t" + t + ": " + v + " != " + expected.getf(cursor.getIntPosition(0), cursor.getIntPosition(1)));
		}
	}

	static void assertSameValues(RandomAccessibleInterval<? extends RealType<?>> expected,
		RandomAccessibleInterval<? extends RealType<?>> actual)
	{
		assertArrayEquals(expected.dimensionsAsLongArray(), actual.dimensionsAsLongArray());
		Cursor<? extends RealType<?>> e = Views.flatIterable(expected).cursor();
		Cursor<? extends RealType<?>> a = Views.flatIterable(actual).cursor();
		long i = 0;
		while (e.hasNext()) {
			double ev = e.next().getRealDouble(), av = a.next().getRealDouble();
			if (Double.compare((float) ev, (float) av) != 0)
				throw new AssertionError("value " + i + " (flat X,Y,C,Z,T order): " + ev + " != " + av);
			i++;
		}
	}
}
