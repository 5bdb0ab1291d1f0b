package org.unetfiji.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.image.TiffStackWriter.Format;

/** Plane-by-plane TIFF writing and lazy reading on a real 3D stack, read back by ImageJ. */
class TiffStackWriterTest {

	private static final Path NUCLEI = TestData.file("gonuclear-ovule-nuclei-3d/test/images/1136.tif");

	@TempDir
	Path dir;

	@Test
	void aStackReadLazilyAndWrittenPlaneByPlaneReadsBackIdentically() throws IOException {
		PlaneSource lazy = ImageFiles.openLazily(NUCLEI);
		Hyperstack<?> whole = ImageFiles.read(NUCLEI);
		assertArrayEquals(whole.data().dimensionsAsLongArray(), lazy.dimensions());
		assertEquals(8, lazy.bitDepth());
		Path copy = dir.resolve("copy.tif");
		float[] plane = new float[lazy.sizeX() * lazy.sizeY()];
		try (
			TiffStackWriter writer = TiffStackWriter.create(copy, NUCLEI, lazy.dimensions(), Format.UINT8, lazy, 255))
		{
			for (int z = 0; z < lazy.sizeZ(); z++) {
				lazy.read(0, z, 0, plane);
				byte[] bytes = new byte[plane.length];
				for (int i = 0; i < plane.length; i++)
					bytes[i] = (byte) plane[i];
				writer.write(bytes);
			}
			writer.commit();
		}
		Hyperstack<?> back = ImageFiles.read(copy);
		assertArrayEquals(whole.data().dimensionsAsLongArray(), back.data().dimensionsAsLongArray());
		assertArrayEquals(whole.voxelSize(), back.voxelSize(), 1e-6);
		assertEquals(whole.unit(), back.unit());
		PlaneSource expected = PlaneSource.of(whole);
		PlaneSource actual = ImageFiles.openLazily(copy);
		float[] a = new float[plane.length];
		for (int z = 0; z < lazy.sizeZ(); z++) {
			expected.read(0, z, 0, plane);
			actual.read(0, z, 0, a);
			assertArrayEquals(plane, a, "plane " + z);
		}
	}

	@Test
	void floatHyperstacksKeepChannelsSlicesAndFrames() throws IOException {
		long[] dims = { 5, 4, 2, 3, 2 };
		PlaneSource calibration = PlaneSource.of(ImageFiles.read(NUCLEI));
		Path file = dir.resolve("hyper.tif");
		try (TiffStackWriter writer = TiffStackWriter.create(file, NUCLEI, dims, Format.FLOAT32, calibration, 1)) {
			for (int plane = 0; plane < 12; plane++)
				writer.write(planeValues(plane));
			writer.commit();
		}
		PlaneSource back = ImageFiles.openLazily(file);
		assertArrayEquals(dims, back.dimensions());
		assertEquals(32, back.bitDepth());
		float[] values = new float[20];
		back.read(1, 2, 1, values); // ImageJ order: channels fastest, then slices, then frames
		assertArrayEquals(planeValues(1 + 2 * 2 + 2 * 3 * 1), values);
	}

	@Test
	void anUnfinishedFileNeverAppearsAndInputsAreNeverOverwritten() throws IOException {
		PlaneSource calibration = PlaneSource.of(ImageFiles.read(NUCLEI));
		Path file = dir.resolve("cancelled.tif");
		try (TiffStackWriter writer = TiffStackWriter.create(file, NUCLEI, new long[]{ 5, 4, 1, 3, 1 }, Format.UINT8,
			calibration, 255))
		{
			writer.write(new byte[20]);
			assertThrows(IllegalStateException.class, writer::commit);
		}
		assertFalse(Files.exists(file));
		try (var files = Files.list(dir)) {
			assertEquals(0, files.count(), "no temporary file is left behind");
		}
		assertThrows(FileAlreadyExistsException.class,
			() -> TiffStackWriter.create(NUCLEI, NUCLEI, new long[]{ 5, 4, 1, 3, 1 }, Format.UINT8, calibration, 255));
	}

	private static float[] planeValues(int plane) {
		float[] values = new float[20];
		for (int i = 0; i < values.length; i++)
			values[i] = plane * 100 + i + 0.5f;
		return values;
	}
}
