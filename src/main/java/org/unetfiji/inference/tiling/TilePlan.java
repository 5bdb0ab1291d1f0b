package org.unetfiji.inference.tiling;

import java.io.Serializable;
import java.util.Arrays;
import java.util.stream.LongStream;

/**
 * The tiles covering one frame, in the order they are processed: C order over the tile grid, so z (the slowest
 * axis) advances last and finished planes can be written while later tiles run. Always three axes {@code z, y, x};
 * a 2D image has one plane and tiles of depth 1. Serializable, so that the blocks of a distributed job all use the one
 * plan of the whole frame.
 */
public final class TilePlan implements Serializable {

	private static final long serialVersionUID = 1L;

	/** One tile: its index along each axis and its first voxel (negative where it reaches into padding). */
	public record Tile(long number, int[] index, long[] start) {}

	private final int dims;
	private final AxisTiling[] axes;
	private final int batch;
	private final Blend blend;

	/**
	 * @param dims spatial dimensions of the network (2 or 3)
	 * @param axes tilings along z, y and x (z of size 1 and tile 1 for a 2D network)
	 * @param batch tiles per engine call
	 */
	public TilePlan(int dims, AxisTiling[] axes, int batch, Blend blend) {
		if (axes.length != 3) throw new IllegalArgumentException("a tile plan needs z, y and x axes");
		if (dims == 2 && (axes[0].size() != 1 || axes[0].tile() != 1))
			throw new IllegalArgumentException("a 2D plan has a single plane");
		if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, not " + batch);
		this.dims = dims;
		this.axes = axes.clone();
		this.batch = batch;
		this.blend = blend;
	}

	public int dims() {
		return dims;
	}

	/** Tiling along axis 0 (z), 1 (y) or 2 (x). */
	public AxisTiling axis(int axis) {
		return axes[axis];
	}

	public int batch() {
		return batch;
	}

	public Blend blend() {
		return blend;
	}

	/** Tile size {@code (z, y, x)}. */
	public int[] tileShape() {
		return new int[]{ axes[0].tile(), axes[1].tile(), axes[2].tile() };
	}

	/** Voxels of one tile. */
	public long tileVoxels() {
		return (long) axes[0].tile() * axes[1].tile() * axes[2].tile();
	}

	/** Shape of a batch of {@code n} tiles as the network takes it: {@code (n, [z,] y, x, channels)}. */
	public long[] batchShape(int n, int channels) {
		return dims == 3 ? new long[]{ n, axes[0].tile(), axes[1].tile(), axes[2].tile(), channels }
			: new long[]{ n, axes[1].tile(), axes[2].tile(), channels };
	}

	public long tileCount() {
		return (long) axes[0].count() * axes[1].count() * axes[2].count();
	}

	/** Tiles per z row (all tiles sharing a z position). */
	public long tilesPerRow() {
		return (long) axes[1].count() * axes[2].count();
	}

	/** The {@code number}-th tile in processing order. */
	public Tile tile(long number) {
		int x = (int) (number % axes[2].count());
		int y = (int) (number / axes[2].count() % axes[1].count());
		int z = (int) (number / tilesPerRow());
		return new Tile(number, new int[]{ z, y, x },
			new long[]{ axes[0].start(z), axes[1].start(y), axes[2].start(x) });
	}

	/**
	 * The numbers, in processing order, of the tiles that contribute to the box of {@code size} voxels
	 * {@code (z, y, x)} from {@code start}: blending only these gives the box exactly the values of the whole frame.
	 */
	public long[] tilesTouching(long[] start, int[] size) {
		int[][] ranges = new int[3][];
		for (int a = 0; a < 3; a++) {
			AxisTiling axis = axes[a];
			int first = axis.count();
			int last = -1;
			for (int i = 0; i < axis.count(); i++)
				if (axis.start(i) < start[a] + size[a] && axis.start(i) + axis.tile() > start[a]) {
					first = Math.min(first, i);
					last = i;
				}
			ranges[a] = new int[]{ first, last };
		}
		LongStream.Builder numbers = LongStream.builder();
		for (int z = ranges[0][0]; z <= ranges[0][1]; z++)
			for (int y = ranges[1][0]; y <= ranges[1][1]; y++)
				for (int x = ranges[2][0]; x <= ranges[2][1]; x++)
					numbers.add(((long) z * axes[1].count() + y) * axes[2].count() + x);
		return numbers.build().toArray();
	}

	/** Planes that are final once every tile of z row {@code row} has been blended: up to this one (exclusive). */
	public long planesFinishedAfterRow(int row) {
		return row == axes[0].count() - 1 ? axes[0].size() : Math.max(0, axes[0].start(row + 1));
	}

	@Override
	public String toString() {
		int[] shape = tileShape();
		int[] overlaps = { axes[0].overlap(), axes[1].overlap(), axes[2].overlap() };
		return tileCount() + " tile(s) of " + size(shape, dims) + " px, overlap " + size(overlaps, dims) + ", batch " +
			batch + ", " + blend.name().toLowerCase() + " blending" +
			(unblendedAxes().isEmpty() ? ""
				: "; tiles do " + "not overlap along " + unblendedAxes() +
					", so their borders may show (larger tiles help: tile=, or for " +
					"3D stacks more Java heap, e.g. JAVA_OPTS=-Xmx4g)");
	}

	/** The axes ({@code "z"}, {@code "y x"}, ...) cut into several tiles that do not overlap. */
	private String unblendedAxes() {
		StringBuilder names = new StringBuilder();
		for (int a = 3 - dims; a < 3; a++)
			if (axes[a].count() > 1 && axes[a].overlap() == 0)
				names.append(names.length() > 0 ? " " : "").append("zyx".charAt(a));
		return names.toString();
	}

	/** A {@code (z, y, x)} size as {@code z×y×x}, or {@code y×x} for a 2D network. */
	static String size(int[] zyx, int dims) {
		return String.join("×", Arrays.stream(zyx).skip(3 - dims).mapToObj(String::valueOf).toArray(String[]::new));
	}
}
