package org.unetfiji.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes 8-bit RGB pictures as PNG quickly: every row with the "Sub" filter and the fastest deflate level, where
 * ImageIO tries five filters per row and compresses harder (1.5–2 s for a 4096² overlay against about 0.3 s here,
 * for a file about a third larger). The pixels read back are the same.
 */
public final class RgbPng {

	private static final byte[] SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	private static final int CHUNK = 1 << 16;

	private RgbPng() {}

	/** Writes {@code rgb} ({@code 0xRRGGBB} per pixel, rows in order) atomically to {@code target}. */
	public static void write(int[] rgb, int width, int height, Path target) throws IOException {
		if (rgb.length != (long) width * height)
			throw new IllegalArgumentException(width + "×" + height + " pixels expected, got " + rgb.length);
		ImageFiles.writeAtomically(target, out -> write(rgb, width, height, out));
	}

	/** The PNG file's bytes, to be written later. */
	public static byte[] encode(int[] rgb, int width, int height) {
		if (rgb.length != (long) width * height)
			throw new IllegalArgumentException(width + "×" + height + " pixels expected, got " + rgb.length);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			write(rgb, width, height, bytes);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e); // a byte array stream does not fail
		}
		return bytes.toByteArray();
	}

	private static void write(int[] rgb, int width, int height, OutputStream out) throws IOException {
		out.write(SIGNATURE);
		// 8 bits, RGB, deflate, adaptive filtering, no interlace
		byte[] header = ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[]{ 8, 2, 0, 0, 0 }).array();
		chunk(out, "IHDR", header, header.length);
		Deflater deflater = new Deflater(Deflater.BEST_SPEED);
		try (DeflaterOutputStream data = new DeflaterOutputStream(new IdatStream(out), deflater, CHUNK)) {
			byte[] row = new byte[1 + 3 * width];
			row[0] = 1; // Sub: each byte minus the same byte of the pixel to its left
			for (int y = 0; y < height; y++) {
				int left = 0;
				for (int x = 0, i = y * width, b = 1; x < width; x++, i++, b += 3) {
					int pixel = rgb[i];
					row[b] = (byte) ((pixel >> 16) - (left >> 16));
					row[b + 1] = (byte) ((pixel >> 8) - (left >> 8));
					row[b + 2] = (byte) (pixel - left);
					left = pixel;
				}
				data.write(row);
			}
		}
		finally {
			deflater.end();
		}
		chunk(out, "IEND", new byte[0], 0);
	}

	private static void chunk(OutputStream out, String type, byte[] data, int length) throws IOException {
		byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		writeInt(out, length);
		out.write(name);
		out.write(data, 0, length);
		CRC32 crc = new CRC32();
		crc.update(name);
		crc.update(data, 0, length);
		writeInt(out, (int) crc.getValue());
	}

	private static void writeInt(OutputStream out, int value) throws IOException {
		out.write(value >>> 24);
		out.write(value >>> 16);
		out.write(value >>> 8);
		out.write(value);
	}

	/** Cuts the compressed stream into IDAT chunks; does not close the file. */
	private static final class IdatStream extends OutputStream {
		private final OutputStream out;
		private final byte[] buffer = new byte[CHUNK];
		private int used;

		IdatStream(OutputStream out) {
			this.out = out;
		}

		@Override
		public void write(int b) throws IOException {
			if (used == buffer.length) flush();
			buffer[used++] = (byte) b;
		}

		@Override
		public void write(byte[] data, int offset, int length) throws IOException {
			while (length > 0) {
				if (used == buffer.length) flush();
				int n = Math.min(length, buffer.length - used);
				System.arraycopy(data, offset, buffer, used, n);
				used += n;
				offset += n;
				length -= n;
			}
		}

		@Override
		public void flush() throws IOException {
			if (used > 0) chunk(out, "IDAT", buffer, used);
			used = 0;
		}

		@Override
		public void close() throws IOException {
			flush();
		}
	}
}
