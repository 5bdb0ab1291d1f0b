package org.unetfiji.inference;

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
 * Instances: connected components of the foreground (every class but the first; voxels join when they share a face
 * and a class), numbered 1, 2, ... per frame in raster order, components smaller than a minimum size removed.
 * <p>
 * Works plane by plane, so a stack larger than memory can be labelled: the first pass gives each plane provisional
 * numbers, joined to the previous plane's with union-find, and spools them to a temporary file; once every plane is
 * seen, {@link #relabel} reads them back with their final numbers.
 */
public final class InstanceLabelling implements AutoCloseable {

	/** Receives final instance numbers plane by plane. */
	@FunctionalInterface
	public interface PlaneConsumer {
		void accept(int frame, int z, int[] instances) throws IOException;
	}

	private final int width;
	private final int height;
	private final long minSize;
	private final Path spool;
	private final FileChannel channel;
	private final List<int[]> finalNumbers = new ArrayList<>();
	private final List<Integer> planesPerFrame = new ArrayList<>();
	private int[] parent = new int[1024];
	private long[] size = new long[1024];
	private int provisional;
	private int[] previousIds;
	private int[] previousClasses;
	private int planesInFrame;
	private int largest;

	/**
	 * @param minSize smallest instance kept, in voxels
	 * @param temporaryFolder where the provisional numbers are spooled (4 bytes per voxel)
	 */
	public InstanceLabelling(int width, int height, long minSize, Path temporaryFolder) throws IOException {
		this.width = width;
		this.height = height;
		this.minSize = minSize;
		this.spool = Files.createTempFile(temporaryFolder, ".instances", ".part");
		this.channel = FileChannel.open(spool, StandardOpenOption.READ, StandardOpenOption.WRITE,
			StandardOpenOption.DELETE_ON_CLOSE);
	}

	/** Adds the next plane of class labels (0 = background), X fastest. */
	public void addPlane(int[] classes) throws IOException {
		int[] ids = new int[classes.length];
		for (int y = 0, i = 0; y < height; y++)
			for (int x = 0; x < width; x++, i++) {
				int c = classes[i];
				if (c == 0) continue;
				int id = 0;
				if (x > 0 && classes[i - 1] == c) id = ids[i - 1];
				if (y > 0 && classes[i - width] == c) id = join(id, ids[i - width]);
				if (previousClasses != null && previousClasses[i] == c) id = join(id, previousIds[i]);
				if (id == 0) id = newId();
				ids[i] = id;
				size[id]++;
			}
		ByteBuffer buffer = ByteBuffer.allocate(ids.length * Integer.BYTES).order(ByteOrder.nativeOrder());
		buffer.asIntBuffer().put(ids);
		while (buffer.hasRemaining())
			channel.write(buffer);
		previousIds = ids;
		previousClasses = classes;
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
		previousClasses = null;
	}

	/** The most instances in any finished frame. */
	public int largestCount() {
		return largest;
	}

	/** Second pass: hands every plane of every finished frame to {@code output} with its final numbers. */
	public void relabel(PlaneConsumer output) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(width * height * Integer.BYTES).order(ByteOrder.nativeOrder());
		int[] ids = new int[width * height];
		long position = 0;
		for (int t = 0; t < finalNumbers.size(); t++) {
			int[] numbers = finalNumbers.get(t);
			for (int z = 0; z < planesPerFrame.get(t); z++) {
				buffer.clear();
				while (buffer.hasRemaining())
					if (channel.read(buffer, position + buffer.position()) < 0) throw new IOException(
						"the instance spool file " + spool + " ended early");
				position += buffer.capacity();
				buffer.flip();
				buffer.asIntBuffer().get(ids);
				for (int i = 0; i < ids.length; i++)
					ids[i] = numbers[ids[i]];
				output.accept(t, z, ids);
			}
		}
	}

	@Override
	public void close() throws IOException {
		channel.close();
		Files.deleteIfExists(spool);
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
		while (parent[id] != id) {
			parent[id] = parent[parent[id]];
			id = parent[id];
		}
		return id;
	}
}
