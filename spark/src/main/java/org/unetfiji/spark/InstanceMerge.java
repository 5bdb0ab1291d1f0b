package org.unetfiji.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.unetfiji.image.ops.UnionFind;

/**
 * Makes the block-local instances global on the driver: numbers {@code offset[block] + local} joined by union-find
 * where they touch across block faces, sizes summed, those smaller than the minimum size dropped, and the rest
 * numbered 1, 2, ... per frame in raster order of their first voxel, as the single-machine labelling numbers them.
 */
final class InstanceMerge {

	/** Final numbers per block, indexed by local number ({@code [0] = 0}), and the most instances in a frame. */
	record Numbers(int[][] perBlock, int largestCount) {}

	private final List<BlockWork.Segmented> blocks;
	private final Block.Grid grid;
	private final long[] offsets;
	private final int[] parent;
	private final long[] size;
	private final long[] first;
	private final int[] frame;

	/** @param blocks the segmented blocks, by block index */
	InstanceMerge(List<BlockWork.Segmented> blocks, Block.Grid grid) {
		this.blocks = blocks;
		this.grid = grid;
		offsets = new long[blocks.size()];
		long total = 0;
		for (BlockWork.Segmented block : blocks) {
			offsets[block.block()] = total;
			total += block.count();
		}
		if (total >= Integer.MAX_VALUE) throw new IllegalStateException(
			total + " block-local instances: too many " + "to merge on the driver; use larger blocks");
		int n = (int) total + 1;
		parent = new int[n];
		size = new long[n];
		first = new long[n];
		frame = new int[n];
		for (BlockWork.Segmented block : blocks)
			for (int id = 1; id <= block.count(); id++) {
				int global = (int) (offsets[block.block()] + id);
				parent[global] = global;
				size[global] = block.sizes()[id];
				first[global] = block.firsts()[id];
				frame[global] = block.block() / grid.blocksPerFrame();
			}
	}

	/** The global number of block {@code b}'s first instance less one. */
	long[] offsets() {
		return offsets.clone();
	}

	/** Joins the instances of each pair ({@code a0, b0, a1, b1, ...} global numbers). */
	void join(long[] pairs) {
		for (int i = 0; i < pairs.length; i += 2) {
			int a = root((int) pairs[i]);
			int b = root((int) pairs[i + 1]);
			if (a == b) continue;
			if (first[b] < first[a]) {
				int swap = a;
				a = b;
				b = swap;
			}
			parent[b] = a;
			size[a] += size[b];
		}
	}

	/** The final numbers, dropping instances of fewer than {@code minSize} voxels. */
	Numbers numbers(long minSize) {
		List<Integer> kept = new ArrayList<>();
		for (int id = 1; id < parent.length; id++)
			if (parent[id] == id && size[id] >= minSize) kept.add(id);
		kept.sort(Comparator.<Integer>comparingInt(id -> frame[id]).thenComparingLong(id -> first[id]));
		int[] number = new int[parent.length];
		int largest = 0;
		int previousFrame = -1;
		int next = 0;
		for (int id : kept) {
			if (frame[id] != previousFrame) {
				previousFrame = frame[id];
				next = 0;
			}
			number[id] = ++next;
			largest = Math.max(largest, next);
		}
		int[][] perBlock = new int[blocks.size()][];
		for (BlockWork.Segmented block : blocks) {
			int[] numbers = new int[block.count() + 1];
			for (int id = 1; id <= block.count(); id++)
				numbers[id] = number[root((int) (offsets[block.block()] + id))];
			perBlock[block.block()] = numbers;
		}
		return new Numbers(perBlock, largest);
	}

	private int root(int id) {
		return UnionFind.root(parent, id);
	}
}
