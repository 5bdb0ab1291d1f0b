package org.unetfiji.image.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Partition} streamed over 2D or 3D frames plane by plane, in slabs of z planes with halos, so that memory
 * stays bounded for stacks of any depth.
 * <p>
 * Each slab of {@code slabPlanes} core planes is labelled together with up to {@link #HALO} planes on each side
 * ({@link Partition#BYTES_PER_VOXEL} bytes per voxel of core and halos while it is labelled, 6 bytes per voxel of the
 * planes waiting for it). A region of a slab continues the region of the previous slab that covers more than half of
 * it in the first planes after the cut (which the previous slab saw as halo, with context on both sides); other
 * regions are new. The core planes then go, with these numbers, through a {@link ComponentLabelling}, which
 * joins a region across the cut, removes those below the minimum size, numbers them 1, 2, ... per frame in raster
 * order and spools them to disk until {@link #relabel}. A frame of at most {@code slabPlanes + HALO} planes (every
 * 2D image) is one slab, labelled exactly as {@link Partition#label} does.
 */
public final class PartitionLabelling implements AutoCloseable {

	/** Planes of context on each side of a slab. */
	public static final int HALO = 16;

	private final Partition partition;
	private final int width;
	private final int height;
	private final double[] voxelSize;
	private final int slabPlanes;
	private final ComponentLabelling labelling;
	private final List<float[]> evidence = new ArrayList<>();
	private final List<byte[]> masks = new ArrayList<>();
	private final List<byte[]> seedRegions = new ArrayList<>();
	/** Frame plane index of the first buffered plane. */
	private int bufferStart;
	private int received;
	/** Frame plane index of the first core plane not yet labelled. */
	private int next;
	/** The previous slab's labels (frame numbers) of planes {@code next, next + 1, ...}; null at a frame's start. */
	private int[][] carry;
	private int numbers;

	/**
	 * @param voxelSize {x, y, z}
	 * @param minSize smallest instance kept, in voxels
	 * @param slabPlanes core planes per slab, e.g. {@link #slabPlanes(int, int)}
	 * @param spoolFolder where the final labelling spools its planes, or null to keep them in memory
	 */
	public PartitionLabelling(Partition partition, int width, int height, double[] voxelSize, long minSize,
		int slabPlanes, Path spoolFolder) throws IOException
	{
		if (slabPlanes < 1) throw new IllegalArgumentException("slabs need at least 1 plane, not " + slabPlanes);
		this.partition = partition;
		this.width = width;
		this.height = height;
		this.voxelSize = voxelSize.clone();
		this.slabPlanes = slabPlanes;
		this.labelling = spoolFolder == null ? new ComponentLabelling(width, height, partition.connectivity(), minSize)
			: new ComponentLabelling(width, height, partition.connectivity(), minSize, spoolFolder);
	}

	/** Core planes per slab such that a slab with its halos takes at most a quarter of the heap free now. */
	public static int slabPlanes(int width, int height) {
		Runtime runtime = Runtime.getRuntime();
		long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
		long planes = free / 4 / ((long) Partition.BYTES_PER_VOXEL * width * height) - 2L * HALO;
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, planes));
	}

	/**
	 * Adds the next plane of the current frame (in z order); the arrays are kept until labelled.
	 *
	 * @param planeEvidence boundary evidence, 0..1
	 * @param mask where instances may be
	 * @param seedRegion where seeds may be
	 */
	public void addPlane(float[] planeEvidence, byte[] mask, byte[] seedRegion) throws IOException {
		evidence.add(planeEvidence);
		masks.add(mask);
		seedRegions.add(seedRegion);
		received++;
		while (received - next >= slabPlanes + HALO)
			labelSlab(next + slabPlanes, next + slabPlanes + HALO);
	}

	/** Labels what is left of the current frame; the next plane starts a new frame. */
	public void endFrame() throws IOException {
		while (next < received) {
			int coreEnd = Math.min(received, next + slabPlanes);
			labelSlab(coreEnd, Math.min(received, coreEnd + HALO));
		}
		labelling.endFrame();
		evidence.clear();
		masks.clear();
		seedRegions.clear();
		bufferStart = 0;
		received = 0;
		next = 0;
		carry = null;
		numbers = 0;
	}

	/** The most instances in any finished frame. */
	public int largestCount() {
		return labelling.largestCount();
	}

	/** Hands every plane of every finished frame to {@code output} with its final instance numbers. */
	public void relabel(ComponentLabelling.PlaneConsumer output) throws IOException {
		labelling.relabel(output);
	}

	@Override
	public void close() throws IOException {
		labelling.close();
	}

	/** Labels core planes {@code next .. coreEnd - 1} with context from the halo up to {@code end}. */
	private void labelSlab(int coreEnd, int end) throws IOException {
		int start = Math.max(bufferStart, next - HALO);
		int plane = width * height;
		int depth = end - start;
		float[] slabEvidence = new float[depth * plane];
		byte[] slabMask = new byte[depth * plane];
		byte[] slabSeeds = new byte[depth * plane];
		for (int z = 0; z < depth; z++) {
			int b = start + z - bufferStart;
			System.arraycopy(evidence.get(b), 0, slabEvidence, z * plane, plane);
			System.arraycopy(masks.get(b), 0, slabMask, z * plane, plane);
			System.arraycopy(seedRegions.get(b), 0, slabSeeds, z * plane, plane);
		}
		Partition.Result result = partition.label(slabEvidence, slabMask, slabSeeds, new int[]{ width, height, depth },
			voxelSize);
		int[] labels = result.labels();
		int[] frameNumbers = frameNumbers(labels, result.numbers(), next - start, plane);
		for (int z = next; z < coreEnd; z++) {
			int[] values = new int[plane];
			int offset = (z - start) * plane;
			for (int i = 0; i < plane; i++)
				values[i] = frameNumbers[labels[offset + i]];
			labelling.addPlane(values);
		}
		carry = new int[end - coreEnd][plane];
		for (int z = coreEnd; z < end; z++) {
			int offset = (z - start) * plane;
			for (int i = 0; i < plane; i++)
				carry[z - coreEnd][i] = frameNumbers[labels[offset + i]];
		}
		next = coreEnd;
		int keepFrom = Math.max(bufferStart, next - HALO);
		for (; bufferStart < keepFrom; bufferStart++) {
			evidence.remove(0);
			masks.remove(0);
			seedRegions.remove(0);
		}
	}

	/**
	 * The frame number of each slab region: that of the previous slab's region that covers more than half of it in
	 * the planes both saw with context (the first {@link #HALO}/2 planes after the cut), else a new one. Several
	 * regions may continue one: the previous slab, which saw more of the stack above the cut, joined them there.
	 *
	 * @param coreOffset the slab plane of the first core plane
	 */
	private int[] frameNumbers(int[] labels, int regions, int coreOffset, int plane) {
		int[] result = new int[regions + 1];
		if (carry != null) {
			LongIntTable pairs = new LongIntTable();
			int[] regionOverlap = new int[regions + 1];
			for (int z = 0; z < Math.min(carry.length, HALO / 2); z++)
				for (int i = 0; i < plane; i++) {
					int region = labels[(coreOffset + z) * plane + i];
					int previous = carry[z][i];
					if (region > 0) regionOverlap[region]++;
					if (region > 0 && previous > 0) pairs.add((long) region << 32 | previous, 1);
				}
			pairs.forEach((key, count) -> {
				int region = (int) (key >>> 32);
				int previous = (int) key;
				if (2L * count > regionOverlap[region]) result[region] = previous; // more than half: unique
			});
		}
		for (int region = 1; region <= regions; region++)
			if (result[region] == 0) result[region] = ++numbers;
		return result;
	}
}
