package org.unetfiji.model;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads and writes NumPy {@code .npy} files, format version 1.0, C order.
 * <p>
 * Writing always produces little-endian float32 ({@code '<f4'}) with the header NumPy itself writes (its 21
 * spare bytes for growing the first axis included), padded with spaces and a final newline to a multiple of 64
 * bytes. Reading accepts {@code <f4}, {@code <f8}, {@code <i4}, {@code <u1} ({@code |u1}) and {@code <u2} and
 * converts the values to float.
 */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	private static final int PREFIX_LENGTH = MAGIC.length + 4;
	private static final int ALIGNMENT = 64;
	/** NumPy leaves room for the first axis size to grow to this many digits. */
	private static final int GROWTH_AXIS_MAX_DIGITS = 21;
	private static final int CHUNK = 1 << 20;
	private static final String SUPPORTED = "<f4, <f8, <i4, <u1 (also |u1), <u2";

	private Npy() {}

	/**
	 * Reads a {@code .npy} file into floats.
	 *
	 * @throws IOException with a message naming the file and the problem if it is not a supported .npy file
	 */
	public static NpyArray read(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer prefix = readFully(channel, PREFIX_LENGTH, file);
			byte[] magic = new byte[MAGIC.length];
			prefix.get(magic);
			if (!Arrays.equals(magic, MAGIC)) {
				throw error(file, "is not a NumPy .npy file (it does not start with \\x93NUMPY)");
			}
			int major = prefix.get() & 0xFF;
			int minor = prefix.get() & 0xFF;
			if (major != 1 || minor != 0) {
				throw error(file, "uses .npy format version " + major + "." + minor +
					"; only version 1.0 is supported (numpy.save writes 1.0 for ordinary arrays)");
			}
			int headerLength = prefix.order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
			if (headerLength > channel.size() - PREFIX_LENGTH) {
				throw error(file, "is truncated: its header says " + headerLength + " bytes but the file has only " +
					(channel.size() - PREFIX_LENGTH) + " after the prefix");
			}
			String header = StandardCharsets.ISO_8859_1.decode(readFully(channel, headerLength, file)).toString();
			Header parsed = parseHeader(header, file);
			long count;
			try {
				count = NpyArray.elementCount(parsed.shape);
			}
			catch (IllegalArgumentException | ArithmeticException e) {
				throw error(file, "has an unusable shape: " + e.getMessage());
			}
			long expected = count * parsed.type.bytes;
			long available = channel.size() - channel.position();
			if (available != expected) {
				throw error(file,
					(available < expected ? "is truncated" : "has trailing bytes") + ": shape " +
						Arrays.toString(parsed.shape) + " of " + parsed.type.descr + " needs " + expected +
						" data bytes but the file holds " + available);
			}
			return new NpyArray(parsed.shape, readData(channel, (int) count, parsed.type, file));
		}
	}

	/** Writes a float32 {@code .npy} file, version 1.0, C order, replacing any existing file. */
	public static void write(Path file, NpyArray array) throws IOException {
		byte[] header = header("<f4", array.shape());
		float[] data = array.data();
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
			StandardOpenOption.TRUNCATE_EXISTING))
		{
			writeFully(channel, ByteBuffer.wrap(header));
			ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
			for (int start = 0; start < data.length; start += CHUNK / Float.BYTES) {
				int n = Math.min(CHUNK / Float.BYTES, data.length - start);
				buffer.clear();
				buffer.asFloatBuffer().put(data, start, n);
				buffer.limit(n * Float.BYTES);
				writeFully(channel, buffer);
			}
		}
	}

	/** The complete header (magic, version, length and padded dictionary) NumPy writes for a C-order array. */
	static byte[] header(String descr, long[] shape) {
		StringJoiner sizes = new StringJoiner(", ", "(", shape.length == 1 ? ",)" : ")");
		for (long size : shape)
			sizes.add(Long.toString(size));
		StringBuilder dict = new StringBuilder("{'descr': '").append(descr)
			.append("', 'fortran_order': False, 'shape': ").append(sizes).append(", }");
		if (shape.length > 0) {
			dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
		}
		int unpadded = PREFIX_LENGTH + dict.length() + 1;
		dict.append(" ".repeat((ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT)).append('\n');
		byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
		ByteBuffer bytes = ByteBuffer.allocate(PREFIX_LENGTH + text.length).order(ByteOrder.LITTLE_ENDIAN);
		bytes.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
		return bytes.array();
	}

	private enum DataType {
		FLOAT32("<f4", 4), FLOAT64("<f8", 8), INT32("<i4", 4), UINT8("<u1", 1), UINT16("<u2", 2);

		final String descr;
		final int bytes;

		DataType(String descr, int bytes) {
			this.descr = descr;
			this.bytes = bytes;
		}

		static DataType of(String descr) {
			String normalized = descr.equals("|u1") ? "<u1" : descr;
			for (DataType type : values()) {
				if (type.descr.equals(normalized)) return type;
			}
			return null;
		}
	}

	private static final class Header {

		final DataType type;
		final long[] shape;

		Header(DataType type, long[] shape) {
			this.type = type;
			this.shape = shape;
		}
	}

	private static Header parseHeader(String header, Path file) throws IOException {
		Map<String, Object> dict;
		try {
			dict = new DictParser(header).parse();
		}
		catch (IllegalArgumentException e) {
			throw error(file, "has a damaged header (" + e.getMessage() + "); save the array again with numpy.save");
		}
		for (String key : List.of("descr", "fortran_order", "shape")) {
			if (!dict.containsKey(key)) throw error(file, "has no '" + key + "' in its header");
		}
		if (!(dict.get("descr") instanceof String)) throw error(file, "has a non-text 'descr' in its header");
		String descr = (String) dict.get("descr");
		DataType type = DataType.of(descr);
		if (type == null) {
			throw error(file, "holds data type '" + descr + "'; supported are " + SUPPORTED +
				". Convert it in Python with array.astype('<f4')");
		}
		if (!(dict.get("fortran_order") instanceof Boolean)) {
			throw error(file, "has a 'fortran_order' that is not True or False");
		}
		if ((Boolean) dict.get("fortran_order")) {
			throw error(file, "is stored in Fortran (column-major) order; only C order is supported. Save it " +
				"with numpy.save(path, numpy.ascontiguousarray(array))");
		}
		if (!(dict.get("shape") instanceof long[])) throw error(file, "has a 'shape' that is not a tuple");
		return new Header(type, (long[]) dict.get("shape"));
	}

	/** A strict parser for the Python dictionary literal of a .npy header. */
	private static final class DictParser {

		private final String text;
		private int pos;

		DictParser(String text) {
			this.text = text;
		}

		Map<String, Object> parse() {
			Map<String, Object> dict = new HashMap<>();
			expect('{');
			while (peek() != '}') {
				String key = string();
				expect(':');
				if (dict.put(key, value()) != null) throw new IllegalArgumentException("key '" + key + "' twice");
				if (peek() != ',') break;
				expect(',');
			}
			expect('}');
			skipSpace();
			if (pos != text.length()) throw new IllegalArgumentException("unexpected text after the dictionary");
			return dict;
		}

		private Object value() {
			char c = peek();
			if (c == '\'' || c == '"') return string();
			if (c == '(') return tuple();
			if (text.startsWith("True", pos)) {
				pos += 4;
				return Boolean.TRUE;
			}
			if (text.startsWith("False", pos)) {
				pos += 5;
				return Boolean.FALSE;
			}
			throw new IllegalArgumentException("unexpected '" + c + "' at " + pos);
		}

		private long[] tuple() {
			expect('(');
			List<Long> sizes = new ArrayList<>();
			while (peek() != ')') {
				int start = pos;
				while (pos < text.length() && Character.isDigit(text.charAt(pos)))
					pos++;
				if (start == pos) throw new IllegalArgumentException("shape holds a non-integer at " + pos);
				try {
					sizes.add(Long.parseLong(text.substring(start, pos)));
				}
				catch (NumberFormatException e) {
					throw new IllegalArgumentException("shape size too large at " + start);
				}
				if (peek() != ',') break;
				expect(',');
			}
			expect(')');
			return sizes.stream().mapToLong(Long::longValue).toArray();
		}

		private String string() {
			char quote = peek();
			if (quote != '\'' && quote != '"') throw new IllegalArgumentException("expected a quoted key at " + pos);
			int end = text.indexOf(quote, ++pos);
			if (end < 0) throw new IllegalArgumentException("unterminated text at " + pos);
			String value = text.substring(pos, end);
			pos = end + 1;
			return value;
		}

		private void expect(char c) {
			if (peek() != c) throw new IllegalArgumentException("expected '" + c + "' at " + pos);
			pos++;
		}

		private char peek() {
			skipSpace();
			if (pos >= text.length()) throw new IllegalArgumentException("header ends too early");
			return text.charAt(pos);
		}

		private void skipSpace() {
			while (pos < text.length() && Character.isWhitespace(text.charAt(pos)))
				pos++;
		}
	}

	private static float[] readData(FileChannel channel, int count, DataType type, Path file) throws IOException {
		float[] values = new float[count];
		int perChunk = CHUNK / type.bytes;
		for (int start = 0; start < count; start += perChunk) {
			int n = Math.min(perChunk, count - start);
			ByteBuffer bytes = readFully(channel, n * type.bytes, file).order(ByteOrder.LITTLE_ENDIAN);
			switch (type) {
				case FLOAT32 :
					bytes.asFloatBuffer().get(values, start, n);
					break;
				case FLOAT64 :
					for (int i = 0; i < n; i++)
						values[start + i] = (float) bytes.getDouble();
					break;
				case INT32 :
					for (int i = 0; i < n; i++)
						values[start + i] = bytes.getInt();
					break;
				case UINT8 :
					for (int i = 0; i < n; i++)
						values[start + i] = bytes.get() & 0xFF;
					break;
				case UINT16 :
					for (int i = 0; i < n; i++)
						values[start + i] = bytes.getShort() & 0xFFFF;
					break;
			}
		}
		return values;
	}

	private static ByteBuffer readFully(FileChannel channel, int length, Path file) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length);
		while (buffer.hasRemaining()) {
			if (channel.read(buffer) < 0) {
				throw new EOFException(file + " is truncated: it ended after " + channel.position() + " bytes");
			}
		}
		return buffer.flip();
	}

	private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
		while (buffer.hasRemaining())
			channel.write(buffer);
	}

	private static IOException error(Path file, String problem) {
		return new IOException(file + " " + problem);
	}
}
