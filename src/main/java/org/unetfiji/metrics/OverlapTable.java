package org.unetfiji.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

/**
 * Pixel overlaps between the objects of a ground-truth and a predicted instance label image, counted in one pass.
 * <p>
 * Label 0 is background; any other value (of any integer type, not necessarily consecutive) is an object. Objects are
 * indexed {@code 0 .. numTrue()-1} and {@code 0 .. numPred()-1} in ascending label order. Only pairs that actually
 * overlap are stored (sparse table).
 * <p>
 * Split and merge counts use the following definitions:
 * <ul>
 * <li>A predicted object <em>lies mostly in</em> a true object when at least half of the predicted object's own area
 * is inside that true object; a true object <em>is split</em> when at least two predicted objects lie mostly in it.
 * {@link #splitCount()} is the number of split true objects.</li>
 * <li>A predicted object <em>covers</em> a true object when it contains at least half of the true object's area; a
 * predicted object <em>is a merge</em> when it covers at least two true objects. {@link #mergeCount()} is the number
 * of such predicted objects.</li>
 * </ul>
 * The two are symmetric: the merges of a prediction are the splits of the truth measured against the prediction.
 */
public final class OverlapTable {

	private final long[] trueLabels;
	private final long[] predLabels;
	private final long[] trueAreas;
	private final long[] predAreas;
	/** Overlapping pairs sorted by (true index, pred index). */
	private final int[] pairTrue;
	private final int[] pairPred;
	private final long[] pairCount;

	private OverlapTable(Map<Long, long[]> trueAreaMap, Map<Long, long[]> predAreaMap, Map<LabelPair, long[]> pairMap) {
		trueLabels = sortedKeys(trueAreaMap);
		predLabels = sortedKeys(predAreaMap);
		trueAreas = values(trueLabels, trueAreaMap);
		predAreas = values(predLabels, predAreaMap);
		List<long[]> pairs = new ArrayList<>(pairMap.size());
		pairMap.forEach((pair, count) -> pairs.add(new long[]{ Arrays.binarySearch(trueLabels, pair.trueLabel),
			Arrays.binarySearch(predLabels, pair.predLabel), count[0] }));
		pairs.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
		pairTrue = new int[pairs.size()];
		pairPred = new int[pairs.size()];
		pairCount = new long[pairs.size()];
		for (int k = 0; k < pairs.size(); k++) {
			pairTrue[k] = (int) pairs.get(k)[0];
			pairPred[k] = (int) pairs.get(k)[1];
			pairCount[k] = pairs.get(k)[2];
		}
	}

	private record LabelPair(long trueLabel, long predLabel) {}

	/** Counts object areas and pairwise intersections of two instance label images of the same dimensions. */
	public static OverlapTable compute(RandomAccessibleInterval<? extends IntegerType<?>> truth,
		RandomAccessibleInterval<? extends IntegerType<?>> prediction)
	{
		LabelImages.requireSameSize(truth, prediction);
		Map<Long, long[]> trueAreas = new HashMap<>();
		Map<Long, long[]> predAreas = new HashMap<>();
		Map<LabelPair, long[]> pairs = new HashMap<>();
		Cursor<? extends IntegerType<?>> t = Views.flatIterable(truth).cursor();
		Cursor<? extends IntegerType<?>> p = Views.flatIterable(prediction).cursor();
		// neighbouring pixels mostly share their label pair: count runs and touch the maps once per run
		long runTrue = 0, runPred = 0, runLength = 0;
		while (t.hasNext()) {
			long trueLabel = t.next().getIntegerLong();
			long predLabel = p.next().getIntegerLong();
			if (trueLabel != runTrue || predLabel != runPred) {
				addRun(runTrue, runPred, runLength, trueAreas, predAreas, pairs);
				runTrue = trueLabel;
				runPred = predLabel;
				runLength = 0;
			}
			runLength++;
		}
		addRun(runTrue, runPred, runLength, trueAreas, predAreas, pairs);
		return new OverlapTable(trueAreas, predAreas, pairs);
	}

	private static void addRun(long trueLabel, long predLabel, long length, Map<Long, long[]> trueAreas,
		Map<Long, long[]> predAreas, Map<LabelPair, long[]> pairs)
	{
		if (length == 0) return;
		if (trueLabel != 0) trueAreas.computeIfAbsent(trueLabel, k -> new long[1])[0] += length;
		if (predLabel != 0) predAreas.computeIfAbsent(predLabel, k -> new long[1])[0] += length;
		if (trueLabel != 0 && predLabel != 0)
			pairs.computeIfAbsent(new LabelPair(trueLabel, predLabel), k -> new long[1])[0] += length;
	}

	private static long[] sortedKeys(Map<Long, long[]> map) {
		long[] keys = map.keySet().stream().mapToLong(Long::longValue).toArray();
		Arrays.sort(keys);
		return keys;
	}

	private static long[] values(long[] keys, Map<Long, long[]> map) {
		long[] values = new long[keys.length];
		for (int i = 0; i < keys.length; i++)
			values[i] = map.get(keys[i])[0];
		return values;
	}

	/** Number of ground-truth objects. */
	public int numTrue() {
		return trueLabels.length;
	}

	/** Number of predicted objects. */
	public int numPred() {
		return predLabels.length;
	}

	/** Label of true object {@code i}. */
	public long trueLabel(int i) {
		return trueLabels[i];
	}

	/** Label of predicted object {@code j}. */
	public long predLabel(int j) {
		return predLabels[j];
	}

	/** Pixel count of true object {@code i}. */
	public long trueArea(int i) {
		return trueAreas[i];
	}

	/** Pixel count of predicted object {@code j}. */
	public long predArea(int j) {
		return predAreas[j];
	}

	/** Number of overlapping (true, predicted) object pairs, i.e. non-zero table entries. */
	public int numOverlaps() {
		return pairCount.length;
	}

	/** True-object index of overlap {@code k}; overlaps are sorted by true then predicted index. */
	public int overlapTrue(int k) {
		return pairTrue[k];
	}

	/** Predicted-object index of overlap {@code k}. */
	public int overlapPred(int k) {
		return pairPred[k];
	}

	/** Intersection (pixel count) of overlap {@code k}. */
	public long overlapCount(int k) {
		return pairCount[k];
	}

	/** IoU of overlap {@code k}. */
	public double overlapIoU(int k) {
		return pairCount[k] / (double) (trueAreas[pairTrue[k]] + predAreas[pairPred[k]] - pairCount[k]);
	}

	/** Intersection of true object {@code i} and predicted object {@code j} (0 if they do not overlap). */
	public long intersection(int i, int j) {
		int k = find(i, j);
		return k < 0 ? 0 : pairCount[k];
	}

	/** Intersection over union of true object {@code i} and predicted object {@code j}. */
	public double iou(int i, int j) {
		int k = find(i, j);
		return k < 0 ? 0 : overlapIoU(k);
	}

	/** Dense IoU matrix {@code [numTrue][numPred]}; prefer the sparse overlap accessors for many objects. */
	public double[][] iouMatrix() {
		double[][] iou = new double[numTrue()][numPred()];
		for (int k = 0; k < pairCount.length; k++)
			iou[pairTrue[k]][pairPred[k]] = overlapIoU(k);
		return iou;
	}

	/** Number of true objects in which at least two predicted objects lie mostly (see class description). */
	public int splitCount() {
		int[] fragments = new int[numTrue()];
		for (int k = 0; k < pairCount.length; k++)
			if (2 * pairCount[k] >= predAreas[pairPred[k]]) fragments[pairTrue[k]]++;
		return (int) Arrays.stream(fragments).filter(n -> n >= 2).count();
	}

	/** Number of predicted objects that each cover at least two true objects (see class description). */
	public int mergeCount() {
		int[] covered = new int[numPred()];
		for (int k = 0; k < pairCount.length; k++)
			if (2 * pairCount[k] >= trueAreas[pairTrue[k]]) covered[pairPred[k]]++;
		return (int) Arrays.stream(covered).filter(n -> n >= 2).count();
	}

	/** Optimal one-to-one matching at an IoU threshold, see {@link Matching#compute(OverlapTable, double)}. */
	public Matching match(double threshold) {
		return Matching.compute(this, threshold);
	}

	private int find(int i, int j) {
		int lo = 0, hi = pairCount.length - 1;
		while (lo <= hi) {
			int mid = (lo + hi) >>> 1;
			int c = pairTrue[mid] != i ? Integer.compare(pairTrue[mid], i) : Integer.compare(pairPred[mid], j);
			if (c == 0) return mid;
			if (c < 0) lo = mid + 1;
			else hi = mid - 1;
		}
		return -1;
	}
}
