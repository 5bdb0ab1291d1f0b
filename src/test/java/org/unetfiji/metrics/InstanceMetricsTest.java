package org.unetfiji.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.unetfiji.metrics.TestImages.image;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.LongType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

class InstanceMetricsTest {

	private static final double EPS = 1e-12;

	/** Three objects with non-consecutive ids 7, 300, 65000 (areas 4, 2, 2). */
	private static final int[][] OBJECTS = { { 7, 7, 0, 300 }, { 7, 7, 0, 300 }, { 0, 0, 0, 0 },
		{ 65000, 65000, 0, 0 } };

	@Test
	void identicalObjectsWithDifferentIdsAndTypesArePerfect() {
		// truth as 16-bit, prediction as 64-bit with other non-consecutive ids: 7 -> 2, 300 -> 10^12, 65000 -> 5
		Img<UnsignedShortType> truth = ArrayImgs.unsignedShorts(4, 4);
		Img<LongType> prediction = ArrayImgs.longs(4, 4);
		RandomAccess<UnsignedShortType> t = truth.randomAccess();
		RandomAccess<LongType> p = prediction.randomAccess();
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 4; x++) {
				int v = OBJECTS[y][x];
				t.setPositionAndGet(x, y).set(v);
				p.setPositionAndGet(x, y).set(v == 7 ? 2 : v == 300 ? 1_000_000_000_000L : v == 65000 ? 5 : 0);
			}
		InstanceMetrics m = InstanceMetrics.compute(truth, prediction);
		OverlapTable table = m.overlaps();
		assertEquals(3, table.numTrue());
		assertEquals(3, table.numPred());
		assertEquals(7, table.trueLabel(0));
		assertEquals(65000, table.trueLabel(2));
		assertEquals(1_000_000_000_000L, table.predLabel(2));
		assertEquals(4, table.trueArea(0));
		// true 7, 300, 65000 ↔ predicted 2, 5, 10^12 (sorted): 7-2, 300-10^12, 65000-5
		assertArrayEquals(new double[][]{ { 1, 0, 0 }, { 0, 0, 1 }, { 0, 1, 0 } }, table.iouMatrix());
		for (DetectionScores s : m.scores()) {
			assertEquals(3, s.truePositives());
			assertEquals(1, s.precision());
			assertEquals(1, s.recall());
			assertEquals(1, s.f1());
			assertEquals(1, s.averagePrecision());
			assertEquals(1, s.meanMatchedIoU());
		}
		assertEquals(1, m.meanAveragePrecision());
		assertEquals(0, table.splitCount());
		assertEquals(0, table.mergeCount());
		assertEquals(List.of(new Matching.Pair(7, 2, 1), new Matching.Pair(300, 1_000_000_000_000L, 1),
			new Matching.Pair(65000, 5, 1)), m.matchings().get(0).pairs());
	}

	@Test
	void emptyPredictionScoresZero() {
		InstanceMetrics m = InstanceMetrics.compute(image(OBJECTS), TestImages.zeros(4, 4));
		DetectionScores s = m.scores().get(0);
		assertEquals(0, s.truePositives());
		assertEquals(0, s.falsePositives());
		assertEquals(3, s.falseNegatives());
		// 0/0 precision and mean matched IoU are 0 because the truth has objects
		assertEquals(0, s.precision());
		assertEquals(0, s.recall());
		assertEquals(0, s.f1());
		assertEquals(0, s.averagePrecision());
		assertEquals(0, s.meanMatchedIoU());
		assertEquals(0, m.meanAveragePrecision());
	}

	@Test
	void emptyTruthScoresZero() {
		InstanceMetrics m = InstanceMetrics.compute(TestImages.zeros(4, 4), image(OBJECTS));
		DetectionScores s = m.scores().get(0);
		assertEquals(3, s.falsePositives());
		assertEquals(0, s.falseNegatives());
		assertEquals(0, s.precision());
		assertEquals(0, s.recall());
		assertEquals(0, s.f1());
		assertEquals(0, m.meanAveragePrecision());
	}

	@Test
	void bothEmptyScoresOne() {
		// convention: nothing to find and nothing found is a perfect result
		InstanceMetrics m = InstanceMetrics.compute(TestImages.zeros(4, 4), TestImages.zeros(4, 4));
		Map<String, Double> values = m.metrics();
		assertEquals(0.0, values.get("n_true"));
		assertEquals(1.0, values.get("precision"));
		assertEquals(1.0, values.get("recall"));
		assertEquals(1.0, values.get("f1"));
		assertEquals(1.0, values.get("mean_matched_iou"));
		assertEquals(1.0, values.get("mean_ap"));
		assertEquals(0.0, values.get("splits"));
	}

	@Test
	void oneSplit() {
		// true object 1 (10 px) is cut into predicted 4 (6 px, IoU 6/10) and 9 (4 px, IoU 4/10);
		// both fragments lie entirely in object 1, so it counts as one split; no merge
		int[][] truth = { { 1, 1, 1, 1, 1 }, { 1, 1, 1, 1, 1 } };
		int[][] prediction = { { 4, 4, 4, 9, 9 }, { 4, 4, 4, 9, 9 } };
		InstanceMetrics m = InstanceMetrics.compute(image(truth), image(prediction));
		assertEquals(1, m.overlaps().splitCount());
		assertEquals(0, m.overlaps().mergeCount());
		assertArrayEquals(new double[][]{ { 0.6, 0.4 } }, m.overlaps().iouMatrix());
		// thresholds 0.5 and 0.55: 1-4 matched, TP 1, FP 1, FN 0
		DetectionScores at50 = m.scores().get(0);
		assertEquals(0.5, at50.precision(), EPS);
		assertEquals(1, at50.recall(), EPS);
		assertEquals(2 / 3.0, at50.f1(), EPS);
		assertEquals(0.5, at50.averagePrecision(), EPS);
		assertEquals(0.6, at50.meanMatchedIoU(), EPS);
		assertEquals(0.5, m.scores().get(1).averagePrecision(), EPS);
		// threshold 0.6: IoU 0.6 is not > 0.6, TP 0, FP 2, FN 1
		assertEquals(0, m.scores().get(2).truePositives());
		assertEquals(0, m.scores().get(2).averagePrecision());
		// mean AP = (0.5 + 0.5 + 8 * 0) / 10
		assertEquals(0.1, m.meanAveragePrecision(), EPS);
	}

	@Test
	void oneMerge() {
		// predicted 3 (8 px) covers all of true 1 (6 px, IoU 6/8) and true 2 (2 px, IoU 2/8): one merge, no split
		int[][] truth = { { 1, 1, 1, 2 }, { 1, 1, 1, 2 } };
		int[][] prediction = { { 3, 3, 3, 3 }, { 3, 3, 3, 3 } };
		InstanceMetrics m = InstanceMetrics.compute(image(truth), image(prediction));
		assertEquals(1, m.overlaps().mergeCount());
		assertEquals(0, m.overlaps().splitCount());
		// thresholds 0.5 .. 0.7: TP 1, FP 0, FN 1 -> AP 1/2; 0.75 .. 0.95: AP 0
		DetectionScores at50 = m.scores().get(0);
		assertEquals(1, at50.precision(), EPS);
		assertEquals(0.5, at50.recall(), EPS);
		assertEquals(2 / 3.0, at50.f1(), EPS);
		assertEquals(0.75, at50.meanMatchedIoU(), EPS);
		assertEquals(0.5, m.scores().get(4).averagePrecision(), EPS);
		assertEquals(0, m.scores().get(5).averagePrecision(), EPS);
		assertEquals(0.25, m.meanAveragePrecision(), EPS);
	}

	@Test
	void halfSplitIsNotMatchedAtStrictHalf() {
		// halves of 8 px: IoU exactly 0.5 with each, not > 0.5; at 0.45 one half is matched
		int[][] truth = { { 1, 1, 1, 1, 1, 1, 1, 1 } };
		int[][] prediction = { { 2, 2, 2, 2, 3, 3, 3, 3 } };
		InstanceMetrics m = InstanceMetrics.compute(image(truth), image(prediction), 0.5, 0.45);
		assertEquals(0, m.scores().get(0).truePositives());
		assertEquals(1, m.scores().get(1).truePositives());
		assertEquals(0.5, m.scores().get(1).meanMatchedIoU(), EPS);
		assertEquals(1, m.overlaps().splitCount());
	}

	@Test
	void shiftedObject() {
		// 4x4 square shifted by one pixel: intersection 12, union 20 -> IoU 0.6
		Img<IntType> truth = ArrayImgs.ints(6, 6);
		Img<IntType> prediction = ArrayImgs.ints(6, 6);
		fillBox(truth, 1, new long[]{ 1, 1 }, new long[]{ 4, 4 });
		fillBox(prediction, 1, new long[]{ 2, 1 }, new long[]{ 5, 4 });
		InstanceMetrics m = InstanceMetrics.compute(truth, prediction);
		assertEquals(12, m.overlaps().intersection(0, 0));
		assertEquals(0.6, m.overlaps().iou(0, 0), EPS);
		assertEquals(0.6, m.scores().get(0).meanMatchedIoU(), EPS);
		assertEquals(1, m.scores().get(1).averagePrecision()); // 0.55
		assertEquals(0, m.scores().get(2).averagePrecision()); // 0.6
		assertEquals(0.2, m.meanAveragePrecision(), EPS);
	}

	@Test
	void optimalMatchingBeatsGreedyBelowHalf() {
		// one row: true 1 = x 0..9, true 2 = x 10..12; predicted 5 = x 0..2, predicted 6 = x 3..12
		// IoU(1,6) = 7/13 = 0.538, IoU(1,5) = 3/10, IoU(2,6) = 3/10.
		// Greedy at 0.25 takes 1-6 only (total 0.538); optimal takes 1-5 and 2-6 (total 0.6).
		int[][] truth = { { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2 } };
		int[][] prediction = { { 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6 } };
		OverlapTable table = OverlapTable.compute(image(truth), image(prediction));
		Matching low = table.match(0.25);
		assertEquals(List.of(new Matching.Pair(1, 5, 0.3), new Matching.Pair(2, 6, 0.3)), low.pairs());
		assertEquals(2, low.scores().truePositives());
		assertEquals(0.3, low.scores().meanMatchedIoU(), EPS);
		Matching high = table.match(0.5);
		assertEquals(List.of(new Matching.Pair(1, 6, 7 / 13.0)), high.pairs());
		assertEquals(1.0 / 3, high.scores().averagePrecision(), EPS);
	}

	@Test
	void threeDimensions() {
		// 4x2x5 volume (x, y, z). Object A: x 0..1, y 0..1, z 0..3 (16 voxels), identical in both.
		// Object B: x 3, y 0..1, z 0..3 (8 voxels); predicted shifted by one in z: intersection 6, union 10, IoU 0.6
		Img<IntType> truth = ArrayImgs.ints(4, 2, 5);
		Img<IntType> prediction = ArrayImgs.ints(4, 2, 5);
		fillBox(truth, 3, new long[]{ 0, 0, 0 }, new long[]{ 1, 1, 3 });
		fillBox(truth, 12, new long[]{ 3, 0, 0 }, new long[]{ 3, 1, 3 });
		fillBox(prediction, 8, new long[]{ 0, 0, 0 }, new long[]{ 1, 1, 3 });
		fillBox(prediction, 1, new long[]{ 3, 0, 1 }, new long[]{ 3, 1, 4 });
		InstanceMetrics m = InstanceMetrics.compute(truth, prediction);
		assertEquals(16, m.overlaps().trueArea(0));
		assertEquals(0.6, m.overlaps().iou(1, 0), EPS);
		assertEquals(0.8, m.scores().get(0).meanMatchedIoU(), EPS); // (1 + 0.6) / 2
		assertEquals(1, m.scores().get(1).averagePrecision(), EPS);
		assertEquals(1 / 3.0, m.scores().get(2).averagePrecision(), EPS); // TP 1, FP 1, FN 1
		assertEquals(7 / 15.0, m.meanAveragePrecision(), EPS); // (2 * 1 + 8 * 1/3) / 10
	}

	@Test
	void pooledMetricsSumCountsOverImages() {
		InstanceMetrics split = InstanceMetrics.compute(image(new int[][]{ { 1, 1, 1, 1, 1 } }),
			image(new int[][]{ { 4, 4, 4, 9, 9 } }));
		InstanceMetrics merge = InstanceMetrics.compute(image(new int[][]{ { 1, 1, 1, 2 } }),
			image(new int[][]{ { 3, 3, 3, 3 } }));
		// at 0.5: split TP 1 of 1 true / 2 predicted (IoU 0.6); merge TP 1 of 2 true / 1 predicted (IoU 0.75)
		Map<String, Double> pooled = InstanceMetrics.pooledMetrics(List.of(split, merge));
		assertEquals(3.0, pooled.get("n_true"));
		assertEquals(3.0, pooled.get("n_pred"));
		assertEquals(2 / 3.0, pooled.get("precision"), EPS);
		assertEquals(2 / 3.0, pooled.get("recall"), EPS);
		assertEquals(0.5, pooled.get("ap@0.50"), EPS); // 2 / (2 + 1 + 1)
		assertEquals(0.675, pooled.get("mean_matched_iou"), EPS);
		assertEquals(1.0, pooled.get("splits"));
		assertEquals(1.0, pooled.get("merges"));
	}

	@Test
	void detectionScoresAtAnotherThresholdKeepTheAveragePrecisionColumns() {
		// IoU of the true object with predicted 4 is 3/5, with predicted 9 is 2/5
		InstanceMetrics split = InstanceMetrics.compute(image(new int[][]{ { 1, 1, 1, 1, 1 } }),
			image(new int[][]{ { 4, 4, 4, 9, 9 } }));
		Map<String, Double> strict = split.metrics(0.65);
		assertEquals(0.0, strict.get("tp"));
		assertEquals(2.0, strict.get("fp"));
		assertEquals(1.0, strict.get("fn"));
		assertEquals(0.5, strict.get("ap@0.50"), EPS);
		assertEquals(split.metrics().get("mean_ap"), strict.get("mean_ap"));
		assertEquals(0.6, split.metrics(0.3).get("mean_matched_iou"), EPS);
		// the merge case matches its object of 3 px with IoU 3/4, which survives 0.65
		InstanceMetrics merge = InstanceMetrics.compute(image(new int[][]{ { 1, 1, 1, 2 } }),
			image(new int[][]{ { 3, 3, 3, 3 } }));
		Map<String, Double> pooled = InstanceMetrics.pooledMetrics(List.of(split, merge), 0.65);
		assertEquals(1.0, pooled.get("tp"));
		assertEquals(1 / 3.0, pooled.get("precision"), EPS);
		assertEquals(0.5, pooled.get("ap@0.50"), EPS);
	}

	@Test
	void rejectsInvalidThresholds() {
		OverlapTable table = OverlapTable.compute(image(OBJECTS), image(OBJECTS));
		assertThrows(IllegalArgumentException.class, () -> table.match(1.0));
		assertThrows(IllegalArgumentException.class, () -> table.match(-0.1));
	}

	static void fillBox(Img<IntType> img, int label, long[] min, long[] max) {
		var view = Views.interval(img, min, max);
		for (IntType v : view)
			v.set(label);
	}
}
