package org.unetfiji.image.zarr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.unetfiji.image.PlaneSource;
import org.unetfiji.image.zarr.ZarrArray.Compression;
import org.unetfiji.image.zarr.ZarrArray.DataType;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Writes a new OME-Zarr container (NGFF 0.4, Zarr v2) plane by plane: images whose planes arrive in z order per
 * frame, buffered one chunk slab deep and written chunk by chunk (uncompressed); label images (NGFF {@code labels}) get a
 * multiscale pyramid, halved in x and y per level by nearest neighbour, so that viewers open them at any zoom, and
 * zlib-compressed chunks. The
 * container is written under a hidden temporary name beside its target and gets its name only on {@link #commit()};
 * {@link #close()} without a commit deletes it, so a cancelled or failed run leaves nothing that looks complete.
 */
public final class OmeZarrWriter implements AutoCloseable {

	/** Chunk edge in x and y. */
	static final int CHUNK_XY = 256;
	/** Most planes per chunk. */
	static final int CHUNK_Z = 16;
	/** Bytes a slab buffer of one image may take, which limits the chunk depth for wide planes. */
	static final long SLAB_BYTES = 64L << 20;
	/** zlib level of label images: the fastest, as chunks are compressed while the segmentation waits. */
	static final int ZLIB_LEVEL = 1;

	private final Path target;
	private final Path temporary;
	private final PlaneSource geometry;
	/** Chunk shape {@code (z, y, x)} asked for, or null for the defaults. */
	private final int[] chunk;
	private final List<String> labelNames = new ArrayList<>();
	private boolean committed;

	/**
	 * Starts a container at {@code target} (a new folder, e.g. {@code NAME.segmentation.zarr}) for images with the
	 * size and calibration of {@code geometry}.
	 *
	 * @param input the container the image was read from, or null: never written into or replaced
	 * @throws FileAlreadyExistsException when {@code target} is or lies inside {@code input}
	 */
	public OmeZarrWriter(Path target, PlaneSource geometry, Path input) throws IOException {
		this(target, geometry, input, null);
	}

	/**
	 * A container whose arrays have chunks of at most {@code chunk} voxels {@code (z, y, x)} (those of the pyramid
	 * levels too), e.g. the blocks of a distributed job, whose workers write chunks into the arrays found in
	 * {@link #workingFolder()}.
	 */
	public OmeZarrWriter(Path target, PlaneSource geometry, Path input, int[] chunk) throws IOException {
		Path absolute = target.toAbsolutePath().normalize();
		if (input != null && absolute.startsWith(input.toAbsolutePath().normalize()))
			throw new FileAlreadyExistsException(target.toString(), input.toString(),
				"refusing to write into the input container; choose another output folder");
		this.target = absolute;
		Files.createDirectories(absolute.getParent());
		this.temporary = absolute.resolveSibling(
			"." + absolute.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
		this.geometry = geometry;
		this.chunk = chunk == null ? null : chunk.clone();
		Files.createDirectories(temporary);
		Files.writeString(temporary.resolve(".zgroup"), "{\n  \"zarr_format\": 2\n}");
	}

	public Path target() {
		return target;
	}

	/** The folder the container is written into until {@link #commit()}: the hidden temporary one. */
	public Path workingFolder() {
		return temporary;
	}

	/** Chunk edge in x and y. */
	private int chunkXY() {
		return chunk == null ? CHUNK_XY : Math.min(chunk[1], chunk[2]);
	}

	/**
	 * Adds the container's image (its root {@code multiscales}, one level), e.g. class probabilities with one channel
	 * per class. Its chunks are not compressed: zlib shrank the float probabilities of a real stack by only 1.2×, at
	 * about the cost of the segmentation itself.
	 */
	public PlaneWriter image(String name, int channels, DataType type) throws IOException {
		return new PlaneWriter(temporary, name, channels, type, Compression.NONE, 1, null);
	}

	/**
	 * Adds a label image {@code labels/NAME} (one channel, the axes of the image, the root image as its
	 * {@code image-label.source}) with its pyramid, down to a level that fits in one chunk.
	 */
	public PlaneWriter labels(String name, DataType type) throws IOException {
		labelNames.add(name);
		JsonObject group = new JsonObject();
		JsonArray names = new JsonArray();
		labelNames.forEach(names::add);
		group.add("labels", names);
		Path labels = temporary.resolve("labels");
		Files.createDirectories(labels);
		Files.writeString(labels.resolve(".zgroup"), "{\n  \"zarr_format\": 2\n}");
		ZarrArray.writeJson(labels.resolve(".zattrs"), group);
		int levels = 1;
		while (Math.max(geometry.sizeX(), geometry.sizeY()) >> levels - 1 > chunkXY())
			levels++;
		return new PlaneWriter(labels.resolve(name), name, 1, type, Compression.ZLIB, levels, "../../");
	}

	/** Gives the container its name, replacing an older one of the same name. */
	public void commit() throws IOException {
		Path old = null;
		if (Files.exists(target)) {
			old = target.resolveSibling(
				"." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".old");
			Files.move(target, old);
		}
		try {
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(temporary, target);
		}
		committed = true;
		if (old != null) delete(old);
	}

	/** Deletes the container unless it was committed. */
	@Override
	public void close() throws IOException {
		if (!committed) delete(temporary);
	}

	private static void delete(Path folder) throws IOException {
		if (!Files.exists(folder)) return;
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList())
				Files.deleteIfExists(path);
		}
	}

	/**
	 * One image of the container (axes {@code [t,] c, z, y, x}; t only for time series) receiving its planes frame by
	 * frame in z order; every level of its pyramid is filled from the same planes.
	 */
	public final class PlaneWriter {

		private final DataType type;
		private final Compression compression;
		private final int channels;
		private final Level[] levels;

		private PlaneWriter(Path folder, String name, int channels, DataType type, Compression compression, int levels,
			String source) throws IOException
		{
			this.type = type;
			this.compression = compression;
			this.channels = channels;
			this.levels = new Level[levels];
			JsonArray datasets = new JsonArray();
			for (int k = 0; k < levels; k++) {
				this.levels[k] = new Level(folder.resolve(Integer.toString(k)), k);
				JsonObject dataset = new JsonObject();
				dataset.addProperty("path", Integer.toString(k));
				JsonArray transformations = new JsonArray();
				JsonObject scale = new JsonObject();
				scale.addProperty("type", "scale");
				scale.add("scale", scaleOf(k));
				transformations.add(scale);
				dataset.add("coordinateTransformations", transformations);
				datasets.add(dataset);
			}
			JsonObject multiscale = new JsonObject();
			multiscale.addProperty("version", "0.4");
			multiscale.addProperty("name", name);
			multiscale.add("axes", axes());
			multiscale.add("datasets", datasets);
			if (levels > 1) multiscale.addProperty("type", "nearest");
			JsonArray multiscales = new JsonArray();
			multiscales.add(multiscale);
			JsonObject attributes = new JsonObject();
			attributes.add("multiscales", multiscales);
			if (source != null) {
				JsonObject label = new JsonObject();
				label.addProperty("version", "0.4");
				JsonObject sourceObject = new JsonObject();
				sourceObject.addProperty("image", source);
				label.add("source", sourceObject);
				attributes.add("image-label", label);
			}
			Files.createDirectories(folder);
			Files.writeString(folder.resolve(".zgroup"), "{\n  \"zarr_format\": 2\n}");
			ZarrArray.writeJson(folder.resolve(".zattrs"), attributes);
		}

		/** Whether the images have a t axis. */
		private boolean timed() {
			return geometry.sizeT() > 1;
		}

		private JsonArray axes() {
			JsonArray axes = new JsonArray();
			if (timed()) axes.add(axis("t", "time", null));
			axes.add(axis("c", "channel", null));
			String unit = OmeZarr.ngffUnit(geometry.unit());
			for (String name : new String[]{ "z", "y", "x" })
				axes.add(axis(name, "space", unit));
			return axes;
		}

		private static JsonObject axis(String name, String type, String unit) {
			JsonObject axis = new JsonObject();
			axis.addProperty("name", name);
			axis.addProperty("type", type);
			if (unit != null) axis.addProperty("unit", unit);
			return axis;
		}

		private JsonArray scaleOf(int level) {
			double[] voxel = geometry.voxelSize();
			JsonArray scale = new JsonArray();
			if (timed()) scale.add(1.0);
			scale.add(1.0);
			scale.add(voxel[2]);
			scale.add(voxel[1] * (1 << level));
			scale.add(voxel[0] * (1 << level));
			return scale;
		}

		/** Resolution levels: 1 for an image, the pyramid's for a label image. */
		public int levels() {
			return levels.length;
		}

		/** Writes plane {@code z} of frame {@code t}, one {@code X × Y} array per channel (floats). */
		public void write(int t, int z, float[][] planes) throws IOException {
			for (Level level : levels)
				level.write(t, z, (c, i) -> planes[c][i]);
		}

		/** Writes plane {@code z} of frame {@code t} of a one-channel image (integers). */
		public void write(int t, int z, int[] plane) throws IOException {
			for (Level level : levels)
				level.write(t, z, (c, i) -> plane[i]);
		}

		/** The value of channel {@code c} at index {@code i} of a full-resolution plane. */
		private interface Values {
			double get(int c, int i);
		}

		/** One resolution level: a Zarr array and the slab of planes not yet written. */
		private final class Level {

			private final int factor;
			private final int sizeX;
			private final int sizeY;
			private final int depth;
			private final ZarrArray array;
			private final long planeBytes;
			/** {@code [c][z in slab][y][x]}, allocated at the first plane written */
			private ByteBuffer slab;

			Level(Path folder, int level) throws IOException {
				factor = 1 << level;
				sizeX = (geometry.sizeX() + factor - 1) / factor;
				sizeY = (geometry.sizeY() + factor - 1) / factor;
				int chunkX = Math.min(sizeX, chunk == null ? CHUNK_XY : chunk[2]);
				int chunkY = Math.min(sizeY, chunk == null ? CHUNK_XY : chunk[1]);
				planeBytes = (long) sizeX * sizeY * type.bytes() * channels;
				depth = chunk != null ? Math.min(geometry.sizeZ(), chunk[0])
					: (int) Math.max(1, Math.min(Math.min(geometry.sizeZ(), CHUNK_Z), SLAB_BYTES / planeBytes));
				long[] shape = timed() ? new long[]{ geometry.sizeT(), channels, geometry.sizeZ(), sizeY, sizeX }
					: new long[]{ channels, geometry.sizeZ(), sizeY, sizeX };
				int[] chunks = timed() ? new int[]{ 1, 1, depth, chunkY, chunkX }
					: new int[]{ 1, depth, chunkY, chunkX };
				array = ZarrArray.create(folder, shape, chunks, type, compression, ZLIB_LEVEL);
			}

			void write(int t, int z, Values values) throws IOException {
				if (slab == null) slab = ByteBuffer.allocate(Math.toIntExact(planeBytes * depth)).order(type.order());
				int inSlab = z % depth;
				int plane = sizeX * sizeY;
				for (int c = 0; c < channels; c++)
					for (int y = 0; y < sizeY; y++)
						for (int x = 0; x < sizeX; x++)
							type.put(slab, (c * depth + inSlab) * plane + y * sizeX + x,
								values.get(c, y * factor * geometry.sizeX() + x * factor));
				if (inSlab == depth - 1 || z == geometry.sizeZ() - 1) flush(t, z / depth, inSlab + 1);
			}

			/**
			 * Writes the chunks of a slab holding {@code planes} planes, compressed in parallel (the common fork-join
			 * pool): zlib is the slow part of writing.
			 */
			private void flush(int t, int slabIndex, int planes) throws IOException {
				int[] chunks = array.chunks();
				int n = chunks.length;
				int chunkY = chunks[n - 2];
				int chunkX = chunks[n - 1];
				int rows = (sizeY + chunkY - 1) / chunkY;
				int columns = (sizeX + chunkX - 1) / chunkX;
				try {
					IntStream.range(0, channels * rows * columns).parallel().forEach(k -> {
						int c = k / (rows * columns);
						int y0 = k / columns % rows * chunkY;
						int x0 = k % columns * chunkX;
						ByteBuffer chunk = array.newChunk();
						int height = Math.min(chunkY, sizeY - y0);
						int width = Math.min(chunkX, sizeX - x0);
						for (int z = 0; z < planes; z++)
							for (int y = 0; y < height; y++)
								System.arraycopy(slab.array(),
									((c * depth + z) * sizeX * sizeY + (y0 + y) * sizeX + x0) * type.bytes(),
									chunk.array(), ((z * chunkY + y) * chunkX) * type.bytes(), width * type.bytes());
						long[] index = timed() ? new long[]{ t, c, slabIndex, y0 / chunkY, x0 / chunkX }
							: new long[]{ c, slabIndex, y0 / chunkY, x0 / chunkX };
						try {
							array.writeChunk(index, chunk);
						}
						catch (IOException e) {
							throw new UncheckedIOException(e);
						}
					});
				}
				catch (UncheckedIOException e) {
					throw e.getCause();
				}
			}
		}
	}
}
