package org.unetfiji.image.ops;

import java.util.Arrays;

/**
 * Seeded watershed on flat 2D or 3D volumes ({@code dims = {width, height, depth}}, X fastest; depth 1 for a plane):
 * seeds at the maxima of a distance transform, and flooding from the seeds over a landscape in increasing order.
 * <p>
 * Flooding uses a bucket queue of {@value #LEVELS} levels, an array per level read first in, first out (so plateaus
 * are shared between neighbouring seeds by their geodesic distance): linear time, sequential memory access, no
 * boxing, at most about 8 bytes of queue per voxel (4 while a level's array is not growing).
 */
public final class SeededWatershed {

	/** Levels of the flooding queue over the landscape's range 0..1. */
	public static final int LEVELS = 1024;

	private SeededWatershed() {}

	/**
	 * Floods every voxel of {@code mask} reachable from a seed with that seed's label, lowest landscape first; a
	 * voxel not reachable stays 0.
	 *
	 * @param landscape per voxel, 0..1 (values outside are clamped)
	 * @param mask where regions may grow (non-zero), or null for everywhere
	 * @param labels on entry the seeds ({@code > 0}) and 0 elsewhere; on return the regions
	 */
	public static void flood(float[] landscape, byte[] mask, int[] labels, int[] dims, Connectivity connectivity) {
		Neighbourhood neighbours = new Neighbourhood(dims, connectivity);
		LevelQueue queue = new LevelQueue();
		for (int i = 0; i < labels.length; i++)
			if (labels[i] > 0) queue.push(i, level(landscape[i]));
		int[] found = new int[neighbours.size()];
		for (int i = queue.pop(); i >= 0; i = queue.pop()) {
			int count = neighbours.of(i, found);
			for (int k = 0; k < count; k++) {
				int j = found[k];
				if (labels[j] != 0 || mask != null && mask[j] == 0) continue;
				labels[j] = labels[i];
				queue.push(j, Math.max(queue.level, level(landscape[j])));
			}
		}
	}

	/**
	 * A bucket queue over the levels: one growing array per level, read first in, first out; levels below the one
	 * being read are never pushed to, so each is dropped once read. Sequential reads and writes, at most about 2
	 * {@code int}s per voxel.
	 */
	private static final class LevelQueue {
		private final int[][] buckets = new int[LEVELS][];
		private final int[] size = new int[LEVELS];
		private int read;
		/** The level being read. */
		int level;

		void push(int voxel, int at) {
			int[] bucket = buckets[at];
			if (bucket == null) bucket = buckets[at] = new int[64];
			else if (size[at] == bucket.length) bucket = buckets[at] = Arrays.copyOf(bucket, bucket.length * 2);
			bucket[size[at]++] = voxel;
		}

		/** The next voxel, lowest level first, or -1 when none is left. */
		int pop() {
			while (level < LEVELS) {
				if (read < size[level]) return buckets[level][read++];
				buckets[level] = null;
				size[level] = 0;
				read = 0;
				level++;
			}
			return -1;
		}
	}

	/**
	 * Squared distances (in pixels along X) from every voxel of {@code region} to the nearest voxel outside it, 0
	 * outside; {@link Float#MAX_VALUE} where no voxel outside exists (in the volume, or in the slice).
	 *
	 * @param voxelSize {x, y, z}
	 * @param perSlice each z slice on its own (for stacks far coarser along z than in the plane)
	 */
	public static float[] squaredDistances(byte[] region, int[] dims, double[] voxelSize, boolean perSlice) {
		float[] distances = new float[region.length];
		for (int i = 0; i < region.length; i++)
			distances[i] = region[i] != 0 ? Float.POSITIVE_INFINITY : 0;
		double[] spacing = { 1, voxelSize[1] / voxelSize[0], voxelSize[2] / voxelSize[0] };
		if (perSlice) {
			int plane = dims[0] * dims[1];
			float[] slice = new float[plane];
			for (int z = 0; z < dims[2]; z++) {
				System.arraycopy(distances, z * plane, slice, 0, plane);
				DistanceTransform.transformSquared(slice, new int[]{ dims[0], dims[1] }, spacing[0], spacing[1]);
				System.arraycopy(slice, 0, distances, z * plane, plane);
			}
		}
		else DistanceTransform.transformSquared(distances, dims, spacing);
		for (int i = 0; i < distances.length; i++)
			if (distances[i] == Float.POSITIVE_INFINITY) distances[i] = Float.MAX_VALUE;
		return distances;
	}

	/**
	 * Seeds at the maxima of {@code squaredDistances} (as {@link #squaredDistances} gives): voxels inside the region
	 * whose distance is the largest within {@code seedDistance} pixels along every axis (scaled by the voxel size;
	 * within the slice when {@code perSlice}), touching maxima joined (full connectivity) into one seed. Seeds are
	 * thus at least {@code seedDistance} apart unless they are equally far from the outside.
	 *
	 * @param voxelSize {x, y, z}
	 * @return the seeds, numbered 1..n in raster order, 0 elsewhere
	 */
	public static int[] distanceMaxima(float[] squaredDistances, int[] dims, double[] voxelSize, double seedDistance,
		boolean perSlice)
	{
		float[] largest = squaredDistances.clone();
		int stride = 1;
		for (int axis = 0; axis < 3; axis++) {
			int radius = axis == 2 && perSlice ? 0 : (int) Math.floor(seedDistance * voxelSize[0] / voxelSize[axis]);
			if (radius > 0 && dims[axis] > 1) slidingMax(largest, dims[axis], stride, radius);
			stride *= dims[axis];
		}
		int[] seeds = new int[squaredDistances.length];
		for (int i = 0; i < seeds.length; i++)
			if (squaredDistances[i] > 0 && squaredDistances[i] >= largest[i]) seeds[i] = 1;
		ConnectedComponents.labelInPlace(seeds, dims[0], dims[1], dims[2], Connectivity.FULL);
		return seeds;
	}

	/** Replaces every value by the largest within {@code radius} along one axis (lines of {@code n}, step stride). */
	private static void slidingMax(float[] values, int n, int stride, int radius) {
		float[] line = new float[n];
		int[] window = new int[n]; // indices of a decreasing run of values, as a deque
		int block = n * stride;
		for (int start = 0; start < values.length; start += block)
			for (int offset = start; offset < start + stride; offset++) {
				for (int k = 0; k < n; k++)
					line[k] = values[offset + k * stride];
				int first = 0;
				int last = -1;
				int added = 0;
				for (int k = 0; k < n; k++) {
					for (; added <= Math.min(n - 1, k + radius); added++) {
						while (last >= first && line[window[last]] <= line[added])
							last--;
						window[++last] = added;
					}
					while (window[first] < k - radius)
						first++;
					values[offset + k * stride] = line[window[first]];
				}
			}
	}

	private static int level(float value) {
		if (!(value > 0)) return 0; // also NaN
		if (value >= 1) return LEVELS - 1;
		return (int) (value * (LEVELS - 1) + 0.5f);
	}

	/** The in-volume neighbours of a voxel, by offsets, without per-call allocation. */
	static final class Neighbourhood {

		private final int width;
		private final int height;
		private final int depth;
		private final int[] dx;
		private final int[] dy;
		private final int[] dz;
		private final int[] offset;

		Neighbourhood(int[] dims, Connectivity connectivity) {
			width = dims[0];
			height = dims[1];
			depth = dims[2];
			int[][] d = new int[26][];
			int count = 0;
			for (int z = -1; z <= 1; z++)
				for (int y = -1; y <= 1; y++)
					for (int x = -1; x <= 1; x++) {
						int steps = Math.abs(x) + Math.abs(y) + Math.abs(z);
						if (steps == 0 || connectivity == Connectivity.FACE && steps > 1) continue;
						if (z != 0 && depth == 1) continue;
						d[count++] = new int[]{ x, y, z };
					}
			dx = new int[count];
			dy = new int[count];
			dz = new int[count];
			offset = new int[count];
			for (int k = 0; k < count; k++) {
				dx[k] = d[k][0];
				dy[k] = d[k][1];
				dz[k] = d[k][2];
				offset[k] = dx[k] + width * (dy[k] + height * dz[k]);
			}
		}

		int size() {
			return offset.length;
		}

		/** Writes the indices of voxel {@code i}'s neighbours into {@code found}; returns how many. */
		int of(int i, int[] found) {
			int x = i % width;
			int rest = i / width;
			int y = rest % height;
			int z = rest / height;
			int count = 0;
			for (int k = 0; k < offset.length; k++) {
				int nx = x + dx[k];
				int ny = y + dy[k];
				int nz = z + dz[k];
				if (nx < 0 || ny < 0 || nz < 0 || nx >= width || ny >= height || nz >= depth) continue;
				found[count++] = i + offset[k];
			}
			return count;
		}
	}
}
