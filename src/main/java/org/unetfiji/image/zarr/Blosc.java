package org.unetfiji.image.zarr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses Blosc 1 frames (numcodecs' {@code blosc}, python-zarr's default compressor) with the inner codecs LZ4
 * (python-zarr's default) and zlib, byte shuffle or none. BloscLZ, Snappy and zstd frames and bit shuffle are refused
 * with a message that names them.
 */
final class Blosc {

	private static final int MEMCPYED = 0x2;
	private static final int BYTE_SHUFFLE = 0x1;
	private static final int BIT_SHUFFLE = 0x4;
	private static final int DONT_SPLIT = 0x10;
	private static final String[] CODECS = { "blosclz", "lz4", "snappy", "zlib", "zstd" };

	private Blosc() {}

	static byte[] decompress(byte[] frame) throws IOException {
		if (frame.length < 16) throw new IOException("not a Blosc frame (" + frame.length + " bytes)");
		ByteBuffer in = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
		int flags = frame[2] & 0xff;
		int typeSize = frame[3] & 0xff;
		int size = in.getInt(4);
		int blockSize = in.getInt(8);
		byte[] out = new byte[size];
		if ((flags & MEMCPYED) != 0) {
			System.arraycopy(frame, 16, out, 0, size);
			return out;
		}
		int codec = flags >>> 5;
		if (codec != 1 && codec != 3) throw new IOException("Blosc frames compressed with " +
			(codec < CODECS.length ? CODECS[codec] : "codec " + codec) + " cannot be read (lz4 and zlib can)");
		if ((flags & BIT_SHUFFLE) != 0 && typeSize > 1)
			throw new IOException("Blosc frames with bit shuffle cannot be read (byte shuffle can)");
		boolean shuffled = (flags & BYTE_SHUFFLE) != 0 && typeSize > 1;
		int blocks = (size + blockSize - 1) / blockSize;
		byte[] block = new byte[blockSize];
		for (int j = 0; j < blocks; j++) {
			int start = in.getInt(16 + 4 * j);
			int length = Math.min(blockSize, size - j * blockSize);
			boolean leftover = length < blockSize;
			int streams = (flags & DONT_SPLIT) == 0 && !leftover ? typeSize : 1;
			int streamLength = length / streams;
			int at = start;
			for (int s = 0; s < streams; s++) {
				int compressed = in.getInt(at);
				at += 4;
				byte[] target = shuffled ? block : out;
				int offset = (shuffled ? 0 : j * blockSize) + s * streamLength;
				if (compressed == streamLength) System.arraycopy(frame, at, target, offset, streamLength);
				else if (codec == 1) lz4(frame, at, compressed, target, offset, streamLength);
				else inflate(frame, at, compressed, target, offset, streamLength);
				at += compressed;
			}
			if (shuffled) unshuffle(block, length, typeSize, out, j * blockSize);
		}
		return out;
	}

	/** Undoes Blosc's byte shuffle of one block: byte b of element i was stored at {@code b * n + i}. */
	private static void unshuffle(byte[] block, int length, int typeSize, byte[] out, int offset) {
		int n = length / typeSize;
		for (int b = 0; b < typeSize; b++)
			for (int i = 0; i < n; i++)
				out[offset + i * typeSize + b] = block[b * n + i];
		int rest = n * typeSize;
		System.arraycopy(block, rest, out, offset + rest, length - rest);
	}

	/** Decodes one LZ4 block (the raw block format, no frame header). */
	private static void lz4(byte[] in, int from, int length, byte[] out, int offset, int expected) throws IOException {
		int ip = from;
		int end = from + length;
		int op = offset;
		int limit = offset + expected;
		try {
			while (ip < end) {
				int token = in[ip++] & 0xff;
				int literals = token >>> 4;
				if (literals == 15) {
					int b;
					do {
						b = in[ip++] & 0xff;
						literals += b;
					} while (b == 255);
				}
				System.arraycopy(in, ip, out, op, literals);
				ip += literals;
				op += literals;
				if (ip >= end) break;
				int distance = (in[ip] & 0xff) | (in[ip + 1] & 0xff) << 8;
				ip += 2;
				int match = token & 15;
				if (match == 15) {
					int b;
					do {
						b = in[ip++] & 0xff;
						match += b;
					} while (b == 255);
				}
				match += 4;
				if (distance == 0 || op - distance < offset || op + match > limit)
					throw new IOException("corrupt LZ4 block");
				for (int i = 0; i < match; i++, op++)
					out[op] = out[op - distance];
			}
		}
		catch (IndexOutOfBoundsException e) {
			throw new IOException("corrupt LZ4 block", e);
		}
		if (op != limit) throw new IOException("LZ4 block decodes to " + (op - offset) + " bytes, not " + expected);
	}

	private static void inflate(byte[] in, int from, int length, byte[] out, int offset, int expected)
		throws IOException
	{
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(in, from, length);
			int n = inflater.inflate(out, offset, expected);
			if (n != expected) throw new IOException("zlib stream decodes to " + n + " bytes, not " + expected);
		}
		catch (DataFormatException e) {
			throw new IOException("corrupt zlib stream in a Blosc frame", e);
		}
		finally {
			inflater.end();
		}
	}
}
