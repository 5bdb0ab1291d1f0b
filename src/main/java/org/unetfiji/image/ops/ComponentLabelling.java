package org.unetfiji.image.ops;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Connected components of 2D or 3D label planes, streamed plane by plane: voxels join when they are neighbours (see
 * {@link Connectivity}) and hold the same non-zero value; zero is background. Components are numbered 1, 2, ... per
 * frame in raster order of their first voxel (X fastest, then Y, then Z), components smaller than a minimum size
 * removed. The one labelling of this plugin: {@link ConnectedComponents} runs it on images in memory, inference on
 * stacks larger than memory.
 * <p>
 * The first pass gives each plane provisional numbers, joined to the previous plane's with union-find, and keeps
 * them (in memory, or spooled to a temporary file so that memory holds two planes); once every plane is seen,
 * {@link #relabel} hands them out again with their final numbers.
 */
public final class ComponentLabelling implements AutoCloseable {

	/** Receives final component numbers plane by plane. */
	@FunctionalInterface
	public interface PlaneConsumer {
		void accept(int frame, int z, int[] components) throws IOException;
	}

	private final int width;
	private final int height;
	private final Connectivity connectivity;
	private final long minSize;
	private final Path spool;
	private final FileChannel channel;
	private final List<int[]> planes = new ArrayList<>();
	private final List<int[]> finalNumbers = new ArrayList<>();
	private final List<Integer> planesPerFrame = new ArrayList<>();
	private int[] parent = new int[1024];
	private long[] size = new long[1024];
	private int provisional;
	private int[] previousIds;
	private int[] previousValues;
	private int planesInFrame;
	private int largest;

	/** Keeps the provisional numbers in memory (4 bytes per voxel). */
	public ComponentLabelling(int width, int height, Connectivity connectivity, long minSize) {
		this.width = width;
		this.height = height;
		this.connectivity = connectivity;
		this.minSize = minSize;
		this.spool = null;
		this.channel = null;
	}

	/**
	 * Spools the provisional numbers to a temporary file, deleted on {@link #close()}.
	 *
	 * @param minSize smallest component kept, in voxels
	 * @param temporaryFolder where the provisional numbers are spooled (4 bytes per voxel)
	 */
	public ComponentLabelling(int width, int height, Connectivity connectivity, long minSize, Path temporaryFolder)
		throws IOException
	{
		this.width = width;
		this.height = height;
		this.connectivity = connectivity;
		this.minSize = minSize;
		this.spool = Files.createTempFile(temporaryFolder, ".instances", ".part");
		this.channel = FileChannel.open(spool, StandardOpenOption.READ, StandardOpenOption.WRITE,
			StandardOpenOption.DELETE_ON_CLOSE);
	}

	/** Adds the next plane of values (0 = background), X fastest; the array is kept until the next plane. */
	public void addPlane(int[] values) throws IOException {
		int[] ids = new int[values.length];
		boolean full = connectivity == Connectivity.FULL;
		for (int y = 0, i = 0; y < height; y++)
			for (int x = 0; x < width; x++, i++) {
				int v = values[i];
				if (v == 0) continue;
				int id = 0;
				if (x > 0 && values[i - 1] == v) id = ids[i - 1];
				if (y > 0) {
					int above = i - width;
					// a neighbour already holding this id needs no join (the common case inside a component)
					if (values[above] == v && ids[above] != id) id = join(id, ids[above]);
					if (full) {
						if (x > 0 && values[above - 1] == v) id = join(id, ids[above - 1]);
						if (x < width - 1 && values[above + 1] == v) id = join(id, ids[above + 1]);
					}
				}
				if (previousValues != null) {
					if (full) id = joinPrevious(id, v, x, y);
					else if (previousValues[i] == v && previousIds[i] != id) id = join(id, previousIds[i]);
				}
				if (id == 0) id = newId();
				ids[i] = id;
				size[id]++;
			}
		if (channel == null) planes.add(ids);
		else {
			ByteBuffer buffer = ByteBuffer.allocate(ids.length * Integer.BYTES).order(ByteOrder.nativeOrder());
			buffer.asIntBuffer().put(ids);
			while (buffer.hasRemaining())
				channel.write(buffer);
		}
		previousIds = ids;
		previousValues = values;
		planesInFrame++;
	}

	/** Closes the current frame: its numbers are final; the next plane starts a new frame. */
	public void endFrame() {
		int[] numbers = new int[provisional + 1];
		long[] total = new long[provisional + 1];
		for (int id = 1; id <= provisional; id++)
			total[find(id)] += size[id];
		int count = 0;
		for (int id = 1; id <= provisional; id++) {
			int root = find(id);
			if (root == id) numbers[id] = total[id] >= minSize ? ++count : 0;
			else numbers[id] = numbers[root]; // roots are the smallest id of their component, so already numbered
		}
		finalNumbers.add(numbers);
		planesPerFrame.add(planesInFrame);
		largest = Math.max(largest, count);
		provisional = 0;
		planesInFrame = 0;
		previousIds = null;
		previousValues = null;
	}

	/** The most components in any finished frame. */
	public int largestCount() {
		return largest;
	}

	/** Second pass: hands every plane of every finished frame to {@code output} with its final numbers. */
	public void relabel(PlaneConsumer output) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(width * height * Integer.BYTES).order(ByteOrder.nativeOrder());
		int[] spooled = new int[width * height];
		int plane = 0;
		long position = 0;
		for (int t = 0; t < finalNumbers.size(); t++) {
			int[] numbers = finalNumbers.get(t);
			for (int z = 0; z < planesPerFrame.get(t); z++, plane++) {
				int[] ids = channel == null ? planes.get(plane) : spooled;
				if (channel != null) {
					buffer.clear();
					while (buffer.hasRemaining())
						if (channel.read(buffer, position + buffer.position()) < 0)
							throw new IOException("the instance spool file " + spool + " ended early");
					position += buffer.capacity();
					buffer.flip();
					buffer.asIntBuffer().get(ids);
				}
				for (int i = 0; i < ids.length; i++)
					ids[i] = numbers[ids[i]];
				output.accept(t, z, ids);
			}
		}
	}

	@Override
	public void close() throws IOException {
		if (channel == null) return;
		channel.close();
		Files.deleteIfExists(spool);
	}

	/** Joins the voxel at (x, y) to the equal voxels among its 9 neighbours in the previous plane. */
	private int joinPrevious(int id, int value, int x, int y) {
		for (int dy = Math.max(0, y - 1); dy <= Math.min(height - 1, y + 1); dy++)
			for (int dx = Math.max(0, x - 1); dx <= Math.min(width - 1, x + 1); dx++) {
				int n = dy * width + dx;
				if (previousValues[n] == value) id = join(id, previousIds[n]);
			}
		return id;
	}

	private int newId() {
		if (++provisional == parent.length) {
			parent = Arrays.copyOf(parent, parent.length * 2);
			size = Arrays.copyOf(size, size.length * 2);
		}
		parent[provisional] = provisional;
		size[provisional] = 0;
		return provisional;
	}

	/** Unites two components (0 = none yet) and returns the root, always the smaller id. */
	private int join(int a, int b) {
		if (a == 0) return find(b);
		int ra = find(a);
		int rb = find(b);
		if (ra < rb) parent[rb] = ra;
		else parent[ra] = rb;
		return Math.min(ra, rb);
	}

	private int find(int id) {
		return UnionFind.root(parent, id);
	}
}
