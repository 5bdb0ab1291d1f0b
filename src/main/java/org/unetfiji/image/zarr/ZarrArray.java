package org.unetfiji.image.zarr;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * One Zarr array on a file system: its metadata ({@code .zarray} of Zarr v2, or {@code zarr.json} of Zarr v3) and
 * whole chunks read and written by their grid index. Chunks are C-ordered; compressed with zlib or gzip (v2), or the
 * {@code bytes} and {@code gzip} codecs (v3); a missing chunk reads as the fill value. Written chunks go under a
 * temporary name first and are renamed into place, so a chunk is never seen half-written and writing one again is
 * harmless.
 */
public final class ZarrArray {

	static final Gson JSON = new GsonBuilder().setPrettyPrinting().serializeNulls()
		.serializeSpecialFloatingPointValues().create();

	/** Element types: numpy's kind ('u', 'i', 'f'), bytes per element and byte order. */
	public record DataType(char kind, int bytes, ByteOrder order) {

		public static final DataType UINT8 = new DataType('u', 1, ByteOrder.LITTLE_ENDIAN);
		public static final DataType UINT16 = new DataType('u', 2, ByteOrder.LITTLE_ENDIAN);
		public static final DataType UINT32 = new DataType('u', 4, ByteOrder.LITTLE_ENDIAN);
		public static final DataType FLOAT32 = new DataType('f', 4, ByteOrder.LITTLE_ENDIAN);

		/** A numpy type string of Zarr v2, e.g. {@code <u2} or {@code |u1}. */
		static DataType parseV2(String text) throws IOException {
			if (text.length() < 3) throw new IOException("unsupported dtype " + text);
			char kind = text.charAt(1);
			int bytes;
			try {
				bytes = Integer.parseInt(text.substring(2));
			}
			catch (NumberFormatException e) {
				throw new IOException("unsupported dtype " + text);
			}
			return checked(text, kind, bytes, text.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
		}

		/** A Zarr v3 data type name, e.g. {@code uint16}; its byte order comes from the {@code bytes} codec. */
		static DataType parseV3(String name, ByteOrder order) throws IOException {
			if (name.matches("u?int(8|16|32|64)")) return checked(name, name.startsWith("u") ? 'u' : 'i',
				Integer.parseInt(name.replaceAll("\\D", "")) / 8, order);
			if (name.matches("float(32|64)"))
				return checked(name, 'f', Integer.parseInt(name.replaceAll("\\D", "")) / 8, order);
			throw new IOException("unsupported data type " + name);
		}

		private static DataType checked(String text, char kind, int bytes, ByteOrder order) throws IOException {
			boolean known = kind == 'u' || kind == 'i' ? bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8
				: kind == 'f' && (bytes == 4 || bytes == 8);
			if (!known) throw new IOException("unsupported dtype " + text + " (integers and floats only)");
			return new DataType(kind, bytes, order);
		}

		String v2() {
			return (bytes == 1 ? "|" : order == ByteOrder.BIG_ENDIAN ? ">" : "<") + kind + bytes;
		}

		/** The element at {@code index} (in elements) as a float. */
		public float get(ByteBuffer chunk, int index) {
			int at = index * bytes;
			return switch (kind) {
				case 'u' -> switch (bytes) {
					case 1 -> chunk.get(at) & 0xff;
					case 2 -> chunk.getShort(at) & 0xffff;
					case 4 -> chunk.getInt(at) & 0xffffffffL;
					default -> chunk.getLong(at);
				};
				case 'i' -> switch (bytes) {
					case 1 -> chunk.get(at);
					case 2 -> chunk.getShort(at);
					case 4 -> chunk.getInt(at);
					default -> chunk.getLong(at);
				};
				default -> bytes == 4 ? chunk.getFloat(at) : (float) chunk.getDouble(at);
			};
		}

		/** Stores {@code value} (a float, or an integer in this type's range) at {@code index}. */
		public void put(ByteBuffer chunk, int index, double value) {
			int at = index * bytes;
			if (kind == 'f') {
				if (bytes == 4) chunk.putFloat(at, (float) value);
				else chunk.putDouble(at, value);
				return;
			}
			long v = (long) value;
			switch (bytes) {
				case 1 -> chunk.put(at, (byte) v);
				case 2 -> chunk.putShort(at, (short) v);
				case 4 -> chunk.putInt(at, (int) v);
				default -> chunk.putLong(at, v);
			}
		}
	}

	/** How chunks are compressed; Blosc is read only. */
	public enum Compression {
		NONE, ZLIB, GZIP, BLOSC
	}

	private final Path folder;
	private final int format;
	private final long[] shape;
	private final int[] chunks;
	private final DataType type;
	private final Compression compression;
	private final int level;
	private final double fill;
	private final String separator;
	private final String keyPrefix;
	private final String[] dimensionNames;

	private ZarrArray(Path folder, int format, long[] shape, int[] chunks, DataType type, Compression compression,
		int level, double fill, String separator, String keyPrefix, String[] dimensionNames)
	{
		this.folder = folder;
		this.format = format;
		this.shape = shape;
		this.chunks = chunks;
		this.type = type;
		this.compression = compression;
		this.level = level;
		this.fill = fill;
		this.separator = separator;
		this.keyPrefix = keyPrefix;
		this.dimensionNames = dimensionNames;
	}

	/**
	 * Opens the array in {@code folder}.
	 *
	 * @throws IOException when it is no Zarr array, or uses a feature not read here (the message says which)
	 */
	public static ZarrArray open(Path folder) throws IOException {
		if (Files.isRegularFile(folder.resolve(".zarray"))) return openV2(folder);
		if (Files.isRegularFile(folder.resolve("zarr.json"))) return openV3(folder);
		throw new NoSuchFileException(folder.toString(), null, "no Zarr array (.zarray or zarr.json)");
	}

	private static ZarrArray openV2(Path folder) throws IOException {
		JsonObject meta = readJson(folder.resolve(".zarray"));
		try {
			if (!"C".equals(meta.get("order").getAsString()))
				throw new IOException(folder + ": Fortran-ordered chunks are not supported");
			if (meta.has("filters") && !meta.get("filters").isJsonNull())
				throw new IOException(folder + ": Zarr filters are not supported (" + meta.get("filters") + ")");
			Compression compression = Compression.NONE;
			JsonElement compressor = meta.get("compressor");
			if (compressor != null && !compressor.isJsonNull()) {
				String id = compressor.getAsJsonObject().get("id").getAsString();
				compression = switch (id) {
					case "zlib" -> Compression.ZLIB;
					case "gzip" -> Compression.GZIP;
					case "blosc" -> Compression.BLOSC;
					default -> throw new IOException(folder + ": chunks compressed with '" + id +
						"' cannot be read; re-save the array with compressor zlib, gzip, blosc (lz4) or none");
				};
			}
			String separator = meta.has("dimension_separator") ? meta.get("dimension_separator").getAsString() : ".";
			return new ZarrArray(folder, 2, longs(meta.getAsJsonArray("shape")), ints(meta.getAsJsonArray("chunks")),
				DataType.parseV2(meta.get("dtype").getAsString()), compression, 1, fill(meta.get("fill_value")),
				separator, "", null);
		}
		catch (RuntimeException e) {
			throw new IOException(folder + ": malformed .zarray (" + e.getMessage() + ")", e);
		}
	}

	private static ZarrArray openV3(Path folder) throws IOException {
		JsonObject meta = readJson(folder.resolve("zarr.json"));
		try {
			if (!"array".equals(meta.get("node_type").getAsString()))
				throw new IOException(folder + " is a Zarr group, not an array");
			JsonObject grid = meta.getAsJsonObject("chunk_grid");
			if (!"regular".equals(grid.get("name").getAsString()))
				throw new IOException(folder + ": chunk grid " + grid.get("name") + " is not supported");
			ByteOrder order = ByteOrder.LITTLE_ENDIAN;
			Compression compression = Compression.NONE;
			for (JsonElement element : meta.getAsJsonArray("codecs")) {
				JsonObject codec = element.getAsJsonObject();
				String name = codec.get("name").getAsString();
				JsonObject config = codec.has("configuration") ? codec.getAsJsonObject("configuration")
					: new JsonObject();
				switch (name) {
					case "bytes" -> order = config.has("endian") && "big".equals(config.get("endian").getAsString())
						? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
					case "gzip" -> compression = Compression.GZIP;
					case "blosc" -> compression = Compression.BLOSC;
					default -> throw new IOException(folder + ": the Zarr v3 codec '" + name +
						"' is not supported (bytes, gzip and blosc are; sharding and zstd are not)");
				}
			}
			String separator = "/";
			String prefix = "c" + separator;
			JsonObject keys = meta.getAsJsonObject("chunk_key_encoding");
			if (keys != null) {
				JsonObject config = keys.getAsJsonObject("configuration");
				boolean v2Keys = "v2".equals(keys.get("name").getAsString());
				separator = config != null && config.has("separator") ? config.get("separator").getAsString()
					: v2Keys ? "." : "/";
				prefix = v2Keys ? "" : "c" + separator;
			}
			String[] names = null;
			if (meta.has("dimension_names") && !meta.get("dimension_names").isJsonNull()) {
				JsonArray array = meta.getAsJsonArray("dimension_names");
				names = new String[array.size()];
				for (int i = 0; i < names.length; i++)
					names[i] = array.get(i).isJsonNull() ? null : array.get(i).getAsString();
			}
			return new ZarrArray(folder, 3, longs(meta.getAsJsonArray("shape")),
				ints(grid.getAsJsonObject("configuration").getAsJsonArray("chunk_shape")),
				DataType.parseV3(meta.get("data_type").getAsString(), order), compression, 1,
				fill(meta.get("fill_value")), separator, prefix, names);
		}
		catch (RuntimeException e) {
			throw new IOException(folder + ": malformed zarr.json (" + e.getMessage() + ")", e);
		}
	}

	/**
	 * Creates a Zarr v2 array (C order, {@code /} between chunk indices, fill value 0) in a new folder.
	 *
	 * @param level the zlib or gzip level, 1 (fastest) to 9
	 */
	public static ZarrArray create(Path folder, long[] shape, int[] chunks, DataType type, Compression compression,
		int level) throws IOException
	{
		if (shape.length != chunks.length) throw new IllegalArgumentException("shape and chunks differ in length");
		Files.createDirectories(folder);
		JsonObject meta = new JsonObject();
		meta.addProperty("zarr_format", 2);
		meta.add("shape", JSON.toJsonTree(shape));
		meta.add("chunks", JSON.toJsonTree(chunks));
		meta.addProperty("dtype", type.v2());
		if (compression == Compression.NONE) meta.add("compressor", JsonNull.INSTANCE);
		else {
			JsonObject compressor = new JsonObject();
			compressor.addProperty("id", compression == Compression.ZLIB ? "zlib" : "gzip");
			compressor.addProperty("level", level);
			meta.add("compressor", compressor);
		}
		meta.addProperty("fill_value", 0);
		meta.addProperty("order", "C");
		meta.add("filters", JsonNull.INSTANCE);
		meta.addProperty("dimension_separator", "/");
		writeJson(folder.resolve(".zarray"), meta);
		return new ZarrArray(folder, 2, shape.clone(), chunks.clone(), type, compression, level, 0, "/", "", null);
	}

	public Path folder() {
		return folder;
	}

	/** 2 or 3. */
	public int zarrFormat() {
		return format;
	}

	public long[] shape() {
		return shape.clone();
	}

	public int[] chunks() {
		return chunks.clone();
	}

	public DataType type() {
		return type;
	}

	/** Zarr v3's {@code dimension_names}, or null. */
	public String[] dimensionNames() {
		return dimensionNames == null ? null : dimensionNames.clone();
	}

	/** Elements in one chunk. */
	public int chunkElements() {
		long n = 1;
		for (int c : chunks)
			n *= c;
		if (n * type.bytes() > Integer.MAX_VALUE) throw new IllegalStateException(
			"chunks of " + Arrays.toString(chunks) + " are too large (more than 2 GiB)");
		return (int) n;
	}

	/** A chunk buffer of this array's byte order, filled with zeros. */
	public ByteBuffer newChunk() {
		return ByteBuffer.allocate(chunkElements() * type.bytes()).order(type.order());
	}

	/**
	 * Reads and decompresses a whole chunk (C order, edge chunks padded as stored).
	 *
	 * @param index the chunk's position in the chunk grid
	 */
	public ByteBuffer readChunk(long[] index) throws IOException {
		Path file = chunkFile(index);
		ByteBuffer chunk = newChunk();
		byte[] raw;
		try {
			raw = Files.readAllBytes(file);
		}
		catch (NoSuchFileException e) {
			if (fill != 0) for (int i = 0; i < chunkElements(); i++)
				type.put(chunk, i, fill);
			return chunk;
		}
		byte[] data = switch (compression) {
			case NONE -> raw;
			case ZLIB -> inflate(new InflaterInputStream(new ByteArrayInputStream(raw)), file);
			case GZIP -> inflate(new GZIPInputStream(new ByteArrayInputStream(raw)), file);
			case BLOSC -> blosc(raw, file);
		};
		if (data.length != chunk.capacity()) throw new IOException(
			"Chunk " + file + " holds " + data.length + " bytes, not the " + chunk.capacity() + " of its shape");
		chunk.put(data).clear();
		return chunk;
	}

	/** Compresses and writes a whole chunk, atomically (see the class comment). */
	public void writeChunk(long[] index, ByteBuffer chunk) throws IOException {
		if (format != 2) throw new IOException("Writing Zarr v3 arrays is not supported");
		byte[] data = Arrays.copyOf(chunk.array(), chunk.capacity());
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 4 + 64);
		switch (compression) {
			case NONE -> bytes.write(data);
			case ZLIB -> {
				Deflater deflater = new Deflater(level);
				try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, deflater, 1 << 16)) {
					out.write(data);
				}
				finally {
					deflater.end();
				}
			}
			case GZIP -> {
				try (GZIPOutputStream out = new GZIPOutputStream(bytes, 1 << 16)) {
					out.write(data);
				}
			}
			case BLOSC -> throw new IOException("Writing Blosc chunks is not supported");
		}
		Path file = chunkFile(index);
		Files.createDirectories(file.getParent());
		Path temporary = file
			.resolveSibling("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()));
		try {
			Files.write(temporary, bytes.toByteArray());
			try {
				Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private Path chunkFile(long[] index) {
		if (index.length != shape.length) throw new IllegalArgumentException(
			"chunk index " + Arrays.toString(index) + " for an array of " + shape.length + " dimensions");
		String key = keyPrefix + LongStream.of(index).mapToObj(Long::toString).collect(Collectors.joining(separator));
		return folder.resolve(key);
	}

	private static byte[] inflate(InputStream in, Path file) throws IOException {
		try (in) {
			return in.readAllBytes();
		}
		catch (IOException e) {
			throw new IOException("Chunk " + file + " is corrupt (" + e.getMessage() + ")", e);
		}
	}

	private static byte[] blosc(byte[] raw, Path file) throws IOException {
		try {
			return Blosc.decompress(raw);
		}
		catch (IOException e) {
			throw new IOException("Chunk " + file + ": " + e.getMessage(), e);
		}
	}

	private static double fill(JsonElement value) {
		if (value == null || value.isJsonNull()) return 0;
		if (value.getAsJsonPrimitive().isString()) return switch (value.getAsString()) {
			case "NaN" -> Double.NaN;
			case "Infinity" -> Double.POSITIVE_INFINITY;
			case "-Infinity" -> Double.NEGATIVE_INFINITY;
			default -> 0;
		};
		if (value.getAsJsonPrimitive().isBoolean()) return value.getAsBoolean() ? 1 : 0;
		return value.getAsDouble();
	}

	static long[] longs(JsonArray array) {
		long[] values = new long[array.size()];
		for (int i = 0; i < values.length; i++)
			values[i] = array.get(i).getAsLong();
		return values;
	}

	private static int[] ints(JsonArray array) {
		int[] values = new int[array.size()];
		for (int i = 0; i < values.length; i++)
			values[i] = array.get(i).getAsInt();
		return values;
	}

	static JsonObject readJson(Path file) throws IOException {
		try {
			return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
		}
		catch (RuntimeException e) {
			throw new IOException(file + " is not valid JSON (" + e.getMessage() + ")", e);
		}
	}

	static void writeJson(Path file, JsonObject json) throws IOException {
		Files.createDirectories(file.getParent());
		Files.writeString(file, JSON.toJson(json), StandardCharsets.UTF_8);
	}
}
