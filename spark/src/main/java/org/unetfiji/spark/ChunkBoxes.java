package org.unetfiji.spark;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.unetfiji.image.zarr.ZarrArray;

/**
 * Boxes of voxels of the arrays of an OME-Zarr image ({@code [t,] c, z, y, x}, the t axis only for time series): read
 * across chunks, or written as the whole chunks they consist of (a block aligned to the chunk grid), so that no two
 * blocks ever write the same chunk and writing a block again writes the same bytes.
 */
final class ChunkBoxes {

	/** The value of channel {@code c} at index {@code i} of a box, {@code (z * height + y) * width + x}. */
	@FunctionalInterface
	interface Values {
		double get(int c, int i);
	}

	private ChunkBoxes() {}

	/**
	 * Writes a box of {@code channels} channels of frame {@code t} that covers whole chunks (or reaches the array's
	 * end).
	 */
	static void write(ZarrArray array, int t, int channels, long[] start, int[] size, Values values)
		throws IOException
	{
		int[] chunk = spatial(array.chunks());
		for (int a = 0; a < 3; a++)
			if (start[a] % chunk[a] != 0) throw new IllegalArgumentException(
				"a box from " + start[a] + " along " + "zyx".charAt(a) + " is not on the chunk grid of " + chunk[a]);
		ZarrArray.DataType type = array.type();
		for (int c = 0; c < channels; c++)
			for (long cz = start[0] / chunk[0]; cz * chunk[0] < start[0] + size[0]; cz++)
				for (long cy = start[1] / chunk[1]; cy * chunk[1] < start[1] + size[1]; cy++)
					for (long cx = start[2] / chunk[2]; cx * chunk[2] < start[2] + size[2]; cx++) {
						ByteBuffer buffer = array.newChunk();
						long[] origin = { cz * chunk[0], cy * chunk[1], cx * chunk[2] };
						int depth = (int) Math.min(chunk[0], start[0] + size[0] - origin[0]);
						int height = (int) Math.min(chunk[1], start[1] + size[1] - origin[1]);
						int width = (int) Math.min(chunk[2], start[2] + size[2] - origin[2]);
						for (int z = 0; z < depth; z++)
							for (int y = 0; y < height; y++) {
								int from = (int) ((((origin[0] - start[0] + z) * size[1]) + origin[1] - start[1] + y) *
									size[2] + origin[2] - start[2]);
								int to = (z * chunk[1] + y) * chunk[2];
								for (int x = 0; x < width; x++)
									type.put(buffer, to + x, values.get(c, from + x));
							}
						array.writeChunk(index(array, t, c, cz, cy, cx), buffer);
					}
	}

	/** Reads channel {@code c} of a box of frame {@code t} (within the array) as integers. */
	static long[] readIntegers(ZarrArray array, int t, int c, long[] start, int[] size) throws IOException {
		long[] box = new long[voxels(size)];
		read(array, t, c, start, size, (i, buffer, j) -> box[i] = integer(buffer, array.type(), j));
		return box;
	}

	/** Reads channel {@code c} of a box of frame {@code t} (within the array) as floats. */
	static float[] readFloats(ZarrArray array, int t, int c, long[] start, int[] size) throws IOException {
		float[] box = new float[voxels(size)];
		read(array, t, c, start, size, (i, buffer, j) -> box[i] = array.type().get(buffer, j));
		return box;
	}

	/** Takes element {@code j} of a chunk as element {@code i} of a box. */
	@FunctionalInterface
	private interface Element {
		void take(int i, ByteBuffer chunk, int j);
	}

	private static void read(ZarrArray array, int t, int c, long[] start, int[] size, Element element)
		throws IOException
	{
		int[] chunk = spatial(array.chunks());
		for (long cz = start[0] / chunk[0]; cz * chunk[0] < start[0] + size[0]; cz++)
			for (long cy = start[1] / chunk[1]; cy * chunk[1] < start[1] + size[1]; cy++)
				for (long cx = start[2] / chunk[2]; cx * chunk[2] < start[2] + size[2]; cx++) {
					ByteBuffer buffer = array.readChunk(index(array, t, c, cz, cy, cx));
					long[] origin = { cz * chunk[0], cy * chunk[1], cx * chunk[2] };
					long[] from = new long[3];
					long[] to = new long[3];
					for (int a = 0; a < 3; a++) {
						from[a] = Math.max(origin[a], start[a]);
						to[a] = Math.min(origin[a] + chunk[a], start[a] + size[a]);
					}
					for (long z = from[0]; z < to[0]; z++)
						for (long y = from[1]; y < to[1]; y++)
							for (long x = from[2]; x < to[2]; x++)
								element.take((int) (((z - start[0]) * size[1] + y - start[1]) * size[2] + x - start[2]),
									buffer,
									(int) (((z - origin[0]) * chunk[1] + y - origin[1]) * chunk[2] + x - origin[2]));
				}
	}

	private static int voxels(int[] size) {
		return Math.multiplyExact(Math.multiplyExact(size[0], size[1]), size[2]);
	}

	private static long integer(ByteBuffer buffer, ZarrArray.DataType type, int index) {
		int at = index * type.bytes();
		return switch (type.bytes()) {
			case 1 -> buffer.get(at) & 0xff;
			case 2 -> buffer.getShort(at) & 0xffff;
			case 4 -> buffer.getInt(at) & 0xffffffffL;
			default -> buffer.getLong(at);
		};
	}

	/** The chunk shape {@code (z, y, x)}: the last three axes. */
	private static int[] spatial(int[] chunks) {
		int n = chunks.length;
		return new int[]{ chunks[n - 3], chunks[n - 2], chunks[n - 1] };
	}

	private static long[] index(ZarrArray array, int t, int c, long cz, long cy, long cx) {
		return array.shape().length == 5 ? new long[]{ t, c, cz, cy, cx } : new long[]{ c, cz, cy, cx };
	}
}
