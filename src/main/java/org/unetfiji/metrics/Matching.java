package org.unetfiji.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.unetfiji.image.ops.UnionFind;

/**
 * Optimal one-to-one matching of ground-truth and predicted objects at an IoU threshold.
 * <p>
 * Candidate pairs are those with IoU strictly greater than the threshold (as in DSB2018; StarDist uses ≥). Among all
 * one-to-one matchings made of candidate pairs, the one with maximal total IoU is chosen, by the Hungarian algorithm
 * run separately on each connected component of the candidate graph (components are tiny, so this is fast).
 * <p>
 * For thresholds ≥ 0.5 the candidate pairs are already one-to-one (IoU &gt; 0.5 means more than half of the union is
 * shared, which two disjoint objects cannot both do with a third), so the matching is unique and greedy matching
 * would give the same result. Below 0.5 the maximal total IoU can differ from greedy matching and, rarely, from
 * StarDist, which first maximises the number of matches.
 *
 * @param scores counts and scores of this matching
 * @param pairs matched pairs, sorted by true label
 */
public record Matching(DetectionScores scores, List<Pair> pairs) {

	/** A matched pair of object labels and their IoU. */
	public record Pair(long trueLabel, long predLabel, double iou) {}

	/** Copies the pair list. */
	public Matching {
		pairs = List.copyOf(pairs);
	}

	/** Matches the objects of {@code table} with IoU &gt; {@code threshold} (in [0, 1)). */
	public static Matching compute(OverlapTable table, double threshold) {
		if (!(threshold >= 0 && threshold < 1))
			throw new IllegalArgumentException("IoU threshold must be in [0, 1): " + threshold);
		int numTrue = table.numTrue();
		// union-find over nodes 0..numTrue-1 (true objects) and numTrue.. (predicted objects)
		int[] parent = new int[numTrue + table.numPred()];
		for (int n = 0; n < parent.length; n++)
			parent[n] = n;
		List<Integer> candidates = new ArrayList<>();
		for (int k = 0; k < table.numOverlaps(); k++) {
			if (table.overlapIoU(k) > threshold) {
				candidates.add(k);
				parent[UnionFind.root(parent, table.overlapTrue(k))] = UnionFind.root(parent,
					numTrue + table.overlapPred(k));
			}
		}
		List<List<Integer>> components = new ArrayList<>();
		int[] componentOfRoot = new int[parent.length];
		for (int k : candidates) {
			int r = UnionFind.root(parent, table.overlapTrue(k));
			if (componentOfRoot[r] == 0) {
				components.add(new ArrayList<>());
				componentOfRoot[r] = components.size();
			}
			components.get(componentOfRoot[r] - 1).add(k);
		}
		List<Pair> pairs = new ArrayList<>();
		for (List<Integer> component : components)
			matchComponent(table, component, pairs);
		pairs.sort(Comparator.comparingLong(Pair::trueLabel));
		double sumIoU = pairs.stream().mapToDouble(Pair::iou).sum();
		return new Matching(new DetectionScores(threshold, numTrue, table.numPred(), pairs.size(), sumIoU), pairs);
	}

	private static void matchComponent(OverlapTable table, List<Integer> overlaps, List<Pair> pairs) {
		if (overlaps.size() == 1) {
			int k = overlaps.get(0);
			pairs.add(new Pair(table.trueLabel(table.overlapTrue(k)), table.predLabel(table.overlapPred(k)),
				table.overlapIoU(k)));
			return;
		}
		int[] rows = overlaps.stream().mapToInt(table::overlapTrue).distinct().sorted().toArray();
		int[] cols = overlaps.stream().mapToInt(table::overlapPred).distinct().sorted().toArray();
		double[][] weights = new double[rows.length][cols.length];
		for (int k : overlaps) {
			int r = Arrays.binarySearch(rows, table.overlapTrue(k));
			weights[r][Arrays.binarySearch(cols, table.overlapPred(k))] = table.overlapIoU(k);
		}
		int[] assignment = Hungarian.maximize(weights);
		for (int r = 0; r < rows.length; r++) {
			int c = assignment[r];
			if (c >= 0 && weights[r][c] > 0)
				pairs.add(new Pair(table.trueLabel(rows[r]), table.predLabel(cols[c]), weights[r][c]));
		}
	}
}
