package org.unetfiji.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

	@TempDir
	Path dir;

	@Test
	void roundTripKeepsShapeAndValues() throws IOException {
		for (long[] shape : new long[][]{ {}, { 5 }, { 2, 3 }, { 1, 4, 3, 2, 1 }, { 0, 3 } }) {
			float[] data = new float[(int) NpyArray.elementCount(shape)];
			for (int i = 0; i < data.length; i++)
				data[i] = i * 0.5f - 3;
			NpyArray array = new NpyArray(shape, data);
			Path file = dir.resolve("a.npy");
			Npy.write(file, array);
			assertEquals(array, Npy.read(file), Arrays.toString(shape));
		}
	}

	@Test
	void headerMatchesNumpyByteForByte() throws IOException {
		// np.save(f, np.arange(3, dtype='<f4')) with NumPy 2.x: 128 header bytes, then the data
		String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		expected.write(new byte[]{ (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0 });
		expected.write(dict.getBytes(StandardCharsets.US_ASCII));
		expected.write(" ".repeat(118 - dict.length() - 1).getBytes(StandardCharsets.US_ASCII));
		expected.write('\n');
		expected.write(new byte[]{ 0, 0, 0, 0, 0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40 });
		Path file = dir.resolve("arange.npy");
		Npy.write(file, new NpyArray(new long[]{ 3 }, new float[]{ 0, 1, 2 }));
		assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
		assertEquals(new NpyArray(new long[]{ 3 }, new float[]{ 0, 1, 2 }), Npy.read(file));
	}

	@Test
	void headersArePaddedToMultiplesOf64() {
		for (long[] shape : new long[][]{ {}, { 7 }, { 2, 3 }, { 123456789, 2, 3, 4, 5, 6, 7, 8, 9, 10 } }) {
			byte[] header = Npy.header("<f4", shape);
			assertEquals(0, header.length % 64, Arrays.toString(shape));
			assertEquals('\n', header[header.length - 1]);
			int declared = (header[8] & 0xFF) | (header[9] & 0xFF) << 8;
			assertEquals(header.length - 10, declared);
		}
	}

	@Test
	void readsOtherDataTypesAsFloat() throws IOException {
		assertArrayEquals(new float[]{ 1.5f, -2f }, read("<f8", 8, b -> b.putDouble(1.5).putDouble(-2)));
		assertArrayEquals(new float[]{ -7, 70000 }, read("<i4", 4, b -> b.putInt(-7).putInt(70000)));
		assertArrayEquals(new float[]{ 255, 1 }, read("|u1", 1, b -> b.put((byte) 255).put((byte) 1)));
		assertArrayEquals(new float[]{ 255, 1 }, read("<u1", 1, b -> b.put((byte) 255).put((byte) 1)));
		assertArrayEquals(new float[]{ 65535, 2 }, read("<u2", 2, b -> b.putShort((short) 65535).putShort((short) 2)));
	}

	@Test
	void fortranOrderIsRefused() throws IOException {
		Path file = file(("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }"), new byte[4]);
		assertTrue(message(file).contains("Fortran (column-major) order; only C order"), message(file));
	}

	@Test
	void badFilesGiveClearErrors() throws IOException {
		Path text = dir.resolve("text.npy");
		Files.writeString(text, "hello, this is not numpy at all");
		assertTrue(message(text).contains("is not a NumPy .npy file"));

		Path bigHeader = dir.resolve("big.npy");
		Files.write(bigHeader, new byte[]{ (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) 0xFF, (byte) 0xFF, '{' });
		assertTrue(message(bigHeader).contains("is truncated: its header says 65535 bytes"), message(bigHeader));

		assertTrue(message(file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", new byte[8]))
			.contains("damaged header"));
		assertTrue(message(file("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]))
			.contains("holds data type '>f4'; supported are"));
		assertTrue(message(file("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", new byte[8]))
			.contains("is truncated: shape [3] of <f4 needs 12 data bytes but the file holds 8"));
		assertTrue(message(file("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[8]))
			.contains("has trailing bytes"));
		assertTrue(message(file("{'descr': '<f4', 'shape': (1,), }", new byte[4])).contains("no 'fortran_order'"));

		Path version2 = dir.resolve("v2.npy");
		Files.write(version2, new byte[]{ (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0, 0, 0 });
		assertTrue(message(version2).contains("format version 2.0; only version 1.0"));
	}

	private interface Filler {

		void fill(ByteBuffer buffer);
	}

	private float[] read(String descr, int bytes, Filler filler) throws IOException {
		ByteBuffer data = ByteBuffer.allocate(2 * bytes).order(ByteOrder.LITTLE_ENDIAN);
		filler.fill(data);
		Path file = dir.resolve("typed.npy");
		Files.write(file, concat(Npy.header(descr, new long[]{ 2 }), data.array()));
		return Npy.read(file).data();
	}

	/** A version 1.0 file with the given header dictionary (unpadded) and data bytes. */
	private Path file(String dict, byte[] data) throws IOException {
		byte[] text = (dict + "\n").getBytes(StandardCharsets.US_ASCII);
		ByteBuffer prefix = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
		prefix.put(new byte[]{ (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 }).putShort((short) text.length);
		Path file = dir.resolve("handmade.npy");
		Files.write(file, concat(concat(prefix.array(), text), data));
		return file;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] all = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

	private static String message(Path file) {
		return assertThrows(IOException.class, () -> Npy.read(file)).getMessage();
	}
}
