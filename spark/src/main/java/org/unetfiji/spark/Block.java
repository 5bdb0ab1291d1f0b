package org.unetfiji.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One block of a frame: the box of {@code size} voxels {@code (z, y, x)} from {@code start} of frame {@code t}; its
 * {@code index} in the grid, frames slowest, then z, y and x.
 */
record Block(int index, int t, long[] start, int[] size) implements Serializable {

	/** Voxels in one plane of the block. */
	int planeSize() {
		return size[1] * size[2];
	}

	/** Voxels in the block. */
	int voxels() {
		return Math.multiplyExact(planeSize(), size[0]);
	}

	@Override
	public String toString() {
		return "block " + index + " (t " + t + ", from z,y,x " + Arrays.toString(start) + ", " + Arrays.toString(size) +
			")";
	}

	/** The regular grid of blocks of {@code block} voxels {@code (z, y, x)} over frames of {@code frame} voxels. */
	record Grid(int frames, long[] frame, int[] block) implements Serializable {

		/** Blocks along z, y and x. */
		int count(int axis) {
			return (int) ((frame[axis] + block[axis] - 1) / block[axis]);
		}

		int blocksPerFrame() {
			return count(0) * count(1) * count(2);
		}

		List<Block> blocks() {
			List<Block> blocks = new ArrayList<>();
			for (int t = 0; t < frames; t++)
				for (int z = 0; z < count(0); z++)
					for (int y = 0; y < count(1); y++)
						for (int x = 0; x < count(2); x++)
							blocks.add(block(t, new int[]{ z, y, x }));
			return blocks;
		}

		/** The index of the block holding voxel {@code (z, y, x)} of frame {@code t}. */
		int indexOf(int t, long z, long y, long x) {
			return ((t * count(0) + (int) (z / block[0])) * count(1) + (int) (y / block[1])) * count(2) +
				(int) (x / block[2]);
		}

		private Block block(int t, int[] position) {
			long[] start = new long[3];
			int[] size = new int[3];
			for (int a = 0; a < 3; a++) {
				start[a] = (long) position[a] * block[a];
				size[a] = (int) Math.min(block[a], frame[a] - start[a]);
			}
			return new Block(indexOf(t, start[0], start[1], start[2]), t, start, size);
		}
	}
}
