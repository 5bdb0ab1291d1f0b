package org.unetfiji.image.ops;

import java.util.Arrays;

/**
 * Agglomeration of an over-segmentation on a region adjacency graph, lowest edge first while the lowest is below a
 * threshold, in two forms:
 * <ul>
 * <li>{@link #agglomerate}: by the mean boundary evidence on the faces between regions, the mean of
 * {@code (e[i] + e[j]) / 2} over the face-neighbour voxel pairs {@code i, j} of two regions (average linkage: a merged
 * edge's mean is that of all its faces);</li>
 * <li>{@link #mergeShallowMaxima}: by the relative depth of the pass between two maxima of a distance map,
 * {@code 1 − pass / lower peak}, with pass the highest {@code min(d[i], d[j])} over the face pairs and peak the
 * largest distance of a region (the h-maxima criterion, relative, so that it fits objects of any size).</li>
 * </ul>
 * Primitive arrays throughout: a hash table of region pairs while the graph is built, then adjacency lists and a
 * heap of edges with lazy deletion.
 */
public final class RegionMerging {

	private int[] edgeA = new int[64];
	private int[] edgeB = new int[64];
	private double[] sum = new double[64];
	private long[] count = new long[64];
	private double[] pass = new double[64];
	private boolean[] alive = new boolean[64];
	private int edges;
	/** Largest distance per region, for {@link #mergeShallowMaxima}; null for the mean evidence. */
	private final float[] peak;
	private final int[] parent;
	private final int[][] adjacent;
	private final int[] degree;
	private long[] heap = new long[64];
	private int heapSize;

	private RegionMerging(int regions, boolean byDepth) {
		peak = byDepth ? new float[regions + 1] : null;
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
		return new RegionMerging(regions, false).run(labels, evidence, dims, threshold);
	}

	/**
	 * Merges neighbouring regions of {@code labels} in place while the lowest relative depth of the pass between
	 * them, {@code 1 − pass / lower peak} of {@code distances}, is below {@code depth}: a region whose distance
	 * maximum is barely higher than the pass to its neighbour (a bump on an elongated object) joins it.
	 *
	 * @param labels regions 1..{@code regions}, 0 for none (never merged)
	 * @param distances non-negative, e.g. the distance to the background
	 * @return how many merges were made
	 */
	public static int mergeShallowMaxima(int[] labels, int regions, float[] distances, int[] dims, double depth) {
		return new RegionMerging(regions, true).run(labels, distances, dims, depth);
	}

	private int run(int[] labels, float[] values, int[] dims, double threshold) {
		if (peak != null) for (int i = 0; i < labels.length; i++)
			peak[labels[i]] = Math.max(peak[labels[i]], values[i]);
		build(labels, values, dims);
		int merges = merge(threshold);
		if (merges > 0) for (int i = 0; i < labels.length; i++)
			labels[i] = find(labels[i]);
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
		pass[e] = Math.max(pass[e], Math.min(evidence[i], evidence[j]));
	}

	private int merge(double threshold) {
		int merges = 0;
		int[] edgeTo = new int[parent.length];
		Arrays.fill(edgeTo, -1);
		while (heapSize > 0) {
			long top = pop();
			int e = (int) top;
			if (!alive[e] || (int) (top >>> 32) != meanBits(e)) continue; // stale entry
			if (key(e) >= threshold) break;
			int a = edgeA[e];
			int b = edgeB[e];
			int keep = degree[a] >= degree[b] ? a : b;
			int gone = keep == a ? b : a;
			parent[gone] = keep;
			alive[e] = false;
			if (peak != null) peak[keep] = Math.max(peak[a], peak[b]);
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
					pass[existing] = Math.max(pass[existing], pass[f]);
					alive[f] = false;
					if (peak == null) push(existing);
				}
				else {
					edgeA[f] = keep;
					edgeB[f] = other;
					link(keep, f);
					edgeTo[other] = f;
				}
			}
			for (int k = 0; k < degree[keep]; k++) {
				int f = adjacent[keep][k];
				edgeTo[other(f, keep)] = -1;
				if (peak != null && alive[f]) push(f); // the depth of every edge of the merged region changes
			}
			adjacent[gone] = null;
			degree[gone] = 0;
		}
		return merges;
	}

	private int other(int edge, int region) {
		return edgeA[edge] == region ? edgeB[edge] : edgeA[edge];
	}

	private int find(int region) {
		return UnionFind.root(parent, region);
	}

	private int newEdge(int a, int b) {
		if (edges == edgeA.length) {
			int grown = edges * 2;
			edgeA = Arrays.copyOf(edgeA, grown);
			edgeB = Arrays.copyOf(edgeB, grown);
			sum = Arrays.copyOf(sum, grown);
			pass = Arrays.copyOf(pass, grown);
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

	/** The mean evidence, or the relative depth of the pass, of an edge. */
	private double key(int edge) {
		if (peak == null) return sum[edge] / count[edge];
		float lower = Math.min(peak[edgeA[edge]], peak[edgeB[edge]]);
		return lower > 0 ? 1 - pass[edge] / lower : 0;
	}

	/** The key as float bits: for non-negative keys these order like the keys. */
	private int meanBits(int edge) {
		return Float.floatToIntBits((float) Math.max(0, key(edge)));
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
