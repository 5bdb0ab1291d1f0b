package org.unetfiji.image.zarr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.PlaneSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Reads an OME-Zarr image (NGFF 0.4 on Zarr v2, 0.5 on Zarr v3) as a {@link PlaneSource}: one resolution level of its
 * {@code multiscales}, axes mapped by their names and types (time, channel, z, y, x; missing ones have size 1),
 * voxel size from the level's and the image's {@code coordinateTransformations}. Planes are read chunk by chunk when
 * the tiler asks for them; the decoded chunks of the planes read last (two chunk slabs, at least 64 MiB) are kept, so
 * the planes of one chunk slab are decompressed once.
 */
public final class OmeZarr {

	private OmeZarr() {}

	/** Whether {@code path} is a Zarr container (a folder with Zarr v2 or v3 metadata), e.g. {@code image.zarr}. */
	public static boolean isContainer(Path path) {
		return Files.isDirectory(path) && (Files.isRegularFile(path.resolve(".zgroup")) ||
			Files.isRegularFile(path.resolve(".zattrs")) || Files.isRegularFile(path.resolve("zarr.json")));
	}

	/**
	 * Opens resolution level {@code level} (0: the full resolution) of the image in {@code container}.
	 *
	 * @throws IOException when it is no OME-Zarr image, the level does not exist, or the array uses a feature not
	 *             read here; the message names the container
	 */
	public static PlaneSource open(Path container, int level) throws IOException {
		if (!isContainer(container)) throw new NoSuchFileException(container.toString(), null,
			"not a Zarr container (no .zgroup, .zattrs or zarr.json)");
		JsonObject multiscale = multiscale(container);
		try {
			JsonArray datasets = multiscale.getAsJsonArray("datasets");
			if (level < 0 || level >= datasets.size()) throw new IllegalArgumentException("level=" + level +
				" does not exist in " + container.getFileName() + " (levels 0.." + (datasets.size() - 1) + ")");
			JsonObject dataset = datasets.get(level).getAsJsonObject();
			ZarrArray array = ZarrArray.open(container.resolve(dataset.get("path").getAsString()));
			String[] names = axisNames(multiscale, array);
			double[] scale = scale(dataset, names.length);
			double[] global = scale(multiscale, names.length);
			for (int i = 0; i < scale.length; i++)
				scale[i] *= global[i];
			String unit = unit(multiscale);
			String name = container.getFileName().toString();
			return new Planes(array, names, scale, unit, name);
		}
		catch (RuntimeException e) {
			if (e instanceof IllegalArgumentException) throw e;
			throw new IOException(container + ": malformed OME-Zarr metadata (" + e.getMessage() + ")", e);
		}
	}

	/** The first {@code multiscales} entry of the container's attributes (NGFF 0.4 or 0.5). */
	private static JsonObject multiscale(Path container) throws IOException {
		JsonObject attributes;
		if (Files.isRegularFile(container.resolve("zarr.json"))) {
			JsonObject meta = ZarrArray.readJson(container.resolve("zarr.json"));
			attributes = meta.has("attributes") ? meta.getAsJsonObject("attributes") : new JsonObject();
			if (attributes.has("ome")) attributes = attributes.getAsJsonObject("ome");
		}
		else if (Files.isRegularFile(container.resolve(".zattrs")))
			attributes = ZarrArray.readJson(container.resolve(".zattrs"));
		else attributes = new JsonObject();
		if (!attributes.has("multiscales") || attributes.getAsJsonArray("multiscales").isEmpty())
			throw new IOException("Cannot read " + container +
				": it has no OME-Zarr 'multiscales' metadata (open an image group, e.g. the folder with .zattrs)");
		return attributes.getAsJsonArray("multiscales").get(0).getAsJsonObject();
	}

	/** Axis names, lower case: from the NGFF axes, Zarr v3's dimension names, or the last of {@code t c z y x}. */
	private static String[] axisNames(JsonObject multiscale, ZarrArray array) throws IOException {
		int n = array.shape().length;
		String[] names = new String[n];
		if (multiscale.has("axes")) {
			JsonArray axes = multiscale.getAsJsonArray("axes");
			if (axes.size() != n) throw new IOException(
				array.folder() + " has " + n + " dimensions but the metadata names " + axes.size() + " axes");
			for (int i = 0; i < n; i++) {
				JsonElement axis = axes.get(i);
				if (axis.isJsonPrimitive()) names[i] = axis.getAsString();
				else {
					JsonObject object = axis.getAsJsonObject();
					String type = object.has("type") ? object.get("type").getAsString() : "";
					names[i] = type.equals("channel") ? "c"
						: type.equals("time") ? "t" : object.get("name").getAsString();
				}
			}
		}
		else if (array.dimensionNames() != null) names = array.dimensionNames();
		else {
			if (n > 5) throw new IOException(array.folder() + " has " + n + " dimensions and no axes metadata");
			names = "tczyx".substring(5 - n).split("");
		}
		for (int i = 0; i < n; i++)
			names[i] = names[i] == null ? "" : names[i].toLowerCase(Locale.ROOT);
		return names;
	}

	/** The product of the {@code scale} transformations of a dataset or multiscale, 1 where there is none. */
	private static double[] scale(JsonObject owner, int n) {
		double[] scale = new double[n];
		Arrays.fill(scale, 1);
		if (!owner.has("coordinateTransformations")) return scale;
		for (JsonElement element : owner.getAsJsonArray("coordinateTransformations")) {
			JsonObject transformation = element.getAsJsonObject();
			if (!"scale".equals(transformation.get("type").getAsString()) || !transformation.has("scale")) continue;
			JsonArray values = transformation.getAsJsonArray("scale");
			for (int i = 0; i < Math.min(n, values.size()); i++)
				scale[i] *= values.get(i).getAsDouble();
		}
		return scale;
	}

	/** The unit of the x axis as ImageJ writes it (µm, nm, mm), or pixel. */
	private static String unit(JsonObject multiscale) {
		if (multiscale.has("axes")) for (JsonElement axis : multiscale.getAsJsonArray("axes"))
			if (axis.isJsonObject() && "x".equalsIgnoreCase(axis.getAsJsonObject().get("name").getAsString()) &&
				axis.getAsJsonObject().has("unit"))
			{
				String unit = axis.getAsJsonObject().get("unit").getAsString();
				return switch (unit) {
					case "micrometer" -> "µm";
					case "nanometer" -> "nm";
					case "millimeter" -> "mm";
					case "" -> Hyperstack.PIXEL_UNIT;
					default -> unit;
				};
			}
		return Hyperstack.PIXEL_UNIT;
	}

	/** The NGFF unit name for an ImageJ unit, or null for pixels or a unit it does not know. */
	static String ngffUnit(String unit) {
		return switch (unit == null ? "" : unit) {
			case "µm", "um", "micron", "microns", "micrometer" -> "micrometer";
			case "nm", "nanometer" -> "nanometer";
			case "mm", "millimeter" -> "millimeter";
			case "cm", "centimeter" -> "centimeter";
			case "m", "meter" -> "meter";
			default -> null;
		};
	}

	/** One resolution level read plane by plane. */
	private static final class Planes implements PlaneSource {

		/** Decoded chunks kept at most, in bytes, unless two slabs of chunks need more. */
		private static final long CACHE_BYTES = 64L << 20;
		private static final String AXES = "xyczt";

		private final ZarrArray array;
		/** Array dimension of X, Y, C, Z, T, or -1 where the array lacks the axis. */
		private final int[] position = new int[5];
		private final long[] dimensions = new long[5];
		private final int[] chunks;
		private final int[] strides;
		private final double[] voxel;
		private final String unit;
		private final String name;
		private final Map<String, ByteBuffer> cache;

		Planes(ZarrArray array, String[] names, double[] scale, String unit, String name) throws IOException {
			this.array = array;
			long[] shape = array.shape();
			Arrays.fill(position, -1);
			for (int i = 0; i < names.length; i++) {
				int axis = AXES.indexOf(names[i]);
				if (names[i].length() != 1 || axis < 0 || position[axis] >= 0) throw new IOException(
					array.folder() + ": axes " + Arrays.toString(names) + " are not among t, c, z, y, x (each once)");
				position[axis] = i;
			}
			if (position[0] < 0 || position[1] < 0)
				throw new IOException(array.folder() + ": axes " + Arrays.toString(names) + " lack x or y");
			for (int axis = 0; axis < 5; axis++)
				dimensions[axis] = position[axis] < 0 ? 1 : shape[position[axis]];
			if (dimensions[0] * dimensions[1] > Integer.MAX_VALUE) throw new IOException(
				array.folder() + ": planes of " + dimensions[0] + "×" + dimensions[1] + " are too large");
			this.chunks = array.chunks();
			this.strides = new int[chunks.length];
			int stride = 1;
			for (int i = chunks.length - 1; i >= 0; i--) {
				strides[i] = stride;
				stride *= chunks[i];
			}
			this.voxel = new double[]{ scale[position[0]], scale[position[1]],
				position[3] < 0 ? 1 : scale[position[3]] };
			this.unit = unit;
			this.name = name;
			long slab = (long) array.chunkElements() * array.type().bytes() *
				ceilDiv(dimensions[0], chunks[position[0]]) * ceilDiv(dimensions[1], chunks[position[1]]);
			long limit = Math.max(CACHE_BYTES, 2 * slab);
			this.cache = new LinkedHashMap<>(16, 0.75f, true) {
				@Override
				protected boolean removeEldestEntry(Map.Entry<String, ByteBuffer> eldest) {
					return (long) size() * array.chunkElements() * array.type().bytes() > limit;
				}
			};
		}

		@Override
		public long[] dimensions() {
			return dimensions.clone();
		}

		@Override
		public int bitDepth() {
			ZarrArray.DataType type = array.type();
			return type.kind() == 'u' && type.bytes() <= 2 ? 8 * type.bytes() : 32;
		}

		@Override
		public void read(int c, int z, int t, float[] target) {
			read(c, z, t, 0, (int) dimensions[1], 0, (int) dimensions[0], target);
		}

		/** Reads only the chunks the window needs. */
		@Override
		public void read(int c, int z, int t, int windowY, int windowHeight, int windowX, int windowWidth,
			float[] target)
		{
			int px = position[0];
			int py = position[1];
			long[] index = new long[chunks.length];
			int offset = 0;
			int[] coordinates = { 0, 0, c, z, t };
			for (int axis = 2; axis < 5; axis++)
				if (position[axis] >= 0) {
					index[position[axis]] = coordinates[axis] / chunks[position[axis]];
					offset += coordinates[axis] % chunks[position[axis]] * strides[position[axis]];
				}
			int yEnd = windowY + windowHeight;
			int xEnd = windowX + windowWidth;
			for (int y0 = windowY / chunks[py] * chunks[py]; y0 < yEnd; y0 += chunks[py])
				for (int x0 = windowX / chunks[px] * chunks[px]; x0 < xEnd; x0 += chunks[px]) {
					index[py] = y0 / chunks[py];
					index[px] = x0 / chunks[px];
					ByteBuffer chunk = chunk(index);
					int fromY = Math.max(y0, windowY);
					int toY = Math.min(y0 + chunks[py], yEnd);
					int fromX = Math.max(x0, windowX);
					int toX = Math.min(x0 + chunks[px], xEnd);
					for (int y = fromY; y < toY; y++) {
						int from = offset + (y - y0) * strides[py] + (fromX - x0) * strides[px];
						int to = (y - windowY) * windowWidth + fromX - windowX;
						for (int x = fromX; x < toX; x++, from += strides[px])
							target[to++] = array.type().get(chunk, from);
					}
				}
		}

		private ByteBuffer chunk(long[] index) {
			String key = Arrays.toString(index);
			ByteBuffer chunk = cache.get(key);
			if (chunk != null) return chunk;
			try {
				chunk = array.readChunk(index);
			}
			catch (IOException e) {
				throw new UncheckedIOException(e.getMessage(), e);
			}
			cache.put(key, chunk);
			return chunk;
		}

		@Override
		public double[] voxelSize() {
			return voxel.clone();
		}

		@Override
		public String unit() {
			return unit;
		}

		@Override
		public String name() {
			return name;
		}

		private static long ceilDiv(long a, long b) {
			return (a + b - 1) / b;
		}
	}
}
