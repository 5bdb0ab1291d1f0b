package org.unetfiji.image.ops;

import java.util.Arrays;

/**
 * Agglomeration of an over-segmentation by the mean boundary evidence on the faces between regions: a region
 * adjacency graph whose edges hold the sum and count of {@code (e[i] + e[j]) / 2} over the face-neighbour voxel
 * pairs {@code i, j} of two regions, merged lowest mean first (average linkage: a merged edge's mean is that of all
 * its faces) while the lowest mean is below a threshold. Primitive arrays throughout: a hash table of region pairs
 * while the graph is built, then adjacency lists and a heap of edges.
 */
public final class RegionMerging {

	private int[] edgeA = new int[64];
	private int[] edgeB = new int[64];
	private double[] sum = new double[64];
	private long[] count = new long[64];
	private boolean[] alive = new boolean[64];
	private int edges;
	private final int[] parent;
	private final int[][] adjacent;
	private final int[] degree;
	private long[] heap = new long[64];
	private int heapSize;

	private RegionMerging(int regions) {
		parent = new int[regions + 1];
		for (int r = 0; r <= regions; r++)
			parent[r] = r;
		adjacent = new int[regions + 1][];
		degree = new int[regions + 1];
	}

	/**
	 * Merges neighbouring regions of {@code labels} in place while the lowest mean evidence on the faces between two
	 * regions is below {@code threshold}; a merged region takes the label of one of its parts.
	 *
	 * @param labels regions 1..{@code regions}, 0 for none (never merged)
	 * @param evidence boundary evidence per voxel, e.g. a boundary probability
	 * @return how many merges were made
	 */
	public static int agglomerate(int[] labels, int regions, float[] evidence, int[] dims, double threshold) {
		RegionMerging graph = new RegionMerging(regions);
		graph.build(labels, evidence, dims);
		int merges = graph.merge(threshold);
		if (merges > 0) for (int i = 0; i < labels.length; i++)
			labels[i] = graph.find(labels[i]);
		return merges;
	}

	private void build(int[] labels, float[] evidence, int[] dims) {
		LongIntTable pairs = new LongIntTable();
		int width = dims[0];
		int plane = width * dims[1];
		for (int i = 0; i < labels.length; i++) {
			int a = labels[i];
			if (a == 0) continue;
			int x = i % width;
			int y = i / width % dims[1];
			if (x + 1 < width) face(pairs, a, i, i + 1, labels, evidence);
			if (y + 1 < dims[1]) face(pairs, a, i, i + width, labels, evidence);
			if (i + plane < labels.length) face(pairs, a, i, i + plane, labels, evidence);
		}
		for (int e = 0; e < edges; e++) {
			link(edgeA[e], e);
			link(edgeB[e], e);
			push(e);
		}
	}

	private void face(LongIntTable pairs, int a, int i, int j, int[] labels, float[] evidence) {
		int b = labels[j];
		if (b == 0 || b == a) return;
		long key = (long) Math.min(a, b) << 32 | Math.max(a, b);
		int e = pairs.get(key);
		if (e < 0) {
			e = newEdge(Math.min(a, b), Math.max(a, b));
			pairs.put(key, e);
		}
		sum[e] += (evidence[i] + evidence[j]) * 0.5;
		count[e]++;
	}

	private int merge(double threshold) {
		int merges = 0;
		int[] edgeTo = new int[parent.length];
		Arrays.fill(edgeTo, -1);
		while (heapSize > 0) {
			long top = pop();
			int e = (int) top;
			if (!alive[e] || (int) (top >>> 32) != meanBits(e)) continue; // stale entry
			if (sum[e] / count[e] >= threshold) break;
			int a = edgeA[e];
			int b = edgeB[e];
			int keep = degree[a] >= degree[b] ? a : b;
			int gone = keep == a ? b : a;
			parent[gone] = keep;
			alive[e] = false;
			merges++;
			// index keep's live edges by their other region, dropping dead ones
			int live = 0;
			for (int k = 0; k < degree[keep]; k++) {
				int f = adjacent[keep][k];
				if (!alive[f]) continue;
				adjacent[keep][live++] = f;
				edgeTo[other(f, keep)] = f;
			}
			degree[keep] = live;
			for (int k = 0; k < degree[gone]; k++) {
				int f = adjacent[gone][k];
				if (!alive[f]) continue;
				int other = other(f, gone);
				int existing = edgeTo[other];
				if (existing >= 0) {
					sum[existing] += sum[f];
					count[existing] += count[f];
					alive[f] = false;
					push(existing);
				}
				else {
					edgeA[f] = keep;
					edgeB[f] = other;
					link(keep, f);
					edgeTo[other] = f;
				}
			}
			for (int k = 0; k < degree[keep]; k++)
				edgeTo[other(adjacent[keep][k], keep)] = -1;
			adjacent[gone] = null;
			degree[gone] = 0;
		}
		return merges;
	}

	private int other(int edge, int region) {
		return edgeA[edge] == region ? edgeB[edge] : edgeA[edge];
	}

	private int find(int region) {
		while (parent[region] != region) {
			parent[region] = parent[parent[region]];
			region = parent[region];
		}
		return region;
	}

	private int newEdge(int a, int b) {
		if (edges == edgeA.length) {
			int grown = edges * 2;
			edgeA = Arrays.copyOf(edgeA, grown);
			edgeB = Arrays.copyOf(edgeB, grown);
			sum = Arrays.copyOf(sum, grown);
			count = Arrays.copyOf(count, grown);
			alive = Arrays.copyOf(alive, grown);
		}
		edgeA[edges] = a;
		edgeB[edges] = b;
		alive[edges] = true;
		return edges++;
	}

	private void link(int region, int edge) {
		if (adjacent[region] == null) adjacent[region] = new int[4];
		else if (degree[region] == adjacent[region].length)
			adjacent[region] = Arrays.copyOf(adjacent[region], degree[region] * 2);
		adjacent[region][degree[region]++] = edge;
	}

	/** The mean as float bits: for non-negative means these order like the means. */
	private int meanBits(int edge) {
		return Float.floatToIntBits((float) Math.max(0, sum[edge] / count[edge]));
	}

	private void push(int edge) {
		if (heapSize == heap.length) heap = Arrays.copyOf(heap, heapSize * 2);
		long entry = (long) meanBits(edge) << 32 | edge;
		int k = heapSize++;
		while (k > 0 && heap[(k - 1) / 2] > entry) {
			heap[k] = heap[(k - 1) / 2];
			k = (k - 1) / 2;
		}
		heap[k] = entry;
	}

	private long pop() {
		long top = heap[0];
		long last = heap[--heapSize];
		int k = 0;
		while (2 * k + 1 < heapSize) {
			int child = 2 * k + 1;
			if (child + 1 < heapSize && heap[child + 1] < heap[child]) child++;
			if (heap[child] >= last) break;
			heap[k] = heap[child];
			k = child;
		}
		heap[k] = last;
		return top;
	}
}
