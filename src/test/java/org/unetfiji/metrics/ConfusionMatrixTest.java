package org.unetfiji.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unetfiji.metrics.TestImages.image;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.logic.BitType;
import net.imglib2.type.numeric.integer.IntType;

class ConfusionMatrixTest {

	private static final double EPS = 1e-12;

	private static final int[][] TRUTH = { { 0, 0, 1, 1 }, { 0, 2, 1, 1 }, { 2, 2, 2, 1 } };

	private static final int[][] PREDICTION = { { 0, 1, 1, 1 }, { 0, 2, 2, 1 }, { 2, 2, 0, 1 } };

	@Test
	void handCase() {
		ConfusionMatrix cm = ConfusionMatrix.compute(image(TRUTH), image(PREDICTION), 3);
		// pixel pairs (t,p): row 0: 00 01 11 11; row 1: 00 22 12 11; row 2: 22 22 20 11
		assertArrayEquals(new long[][]{ { 2, 1, 0 }, { 0, 4, 1 }, { 1, 0, 3 } }, cm.toArray());
		assertEquals(12, cm.total());
		assertEquals(9 / 12.0, cm.pixelAccuracy(), EPS);
		// recall: 2/3, 4/5, 3/4; mean = (40 + 48 + 45) / 60 / 3 = 133/180
		assertEquals(2 / 3.0, cm.classAccuracy(0), EPS);
		assertEquals(4 / 5.0, cm.classAccuracy(1), EPS);
		assertEquals(3 / 4.0, cm.classAccuracy(2), EPS);
		assertEquals(133 / 180.0, cm.meanClassAccuracy(), EPS);
		// IoU: 2/(3+3-2), 4/(5+5-4), 3/(4+4-3); mean = (15 + 20 + 18) / 30 / 3 = 53/90
		assertEquals(0.5, cm.iou(0), EPS);
		assertEquals(2 / 3.0, cm.iou(1), EPS);
		assertEquals(3 / 5.0, cm.iou(2), EPS);
		assertEquals(53 / 90.0, cm.meanIoU(), EPS);
		// Dice: 4/6, 8/10, 6/8
		assertEquals(2 / 3.0, cm.dice(0), EPS);
		assertEquals(0.8, cm.dice(1), EPS);
		assertEquals(0.75, cm.dice(2), EPS);
		assertEquals(0.75, cm.metrics().get("pixel_accuracy"), EPS);
		assertEquals(53 / 90.0, ConfusionMatrix.of(cm.toArray()).meanIoU(), EPS);
		assertEquals(0.8, cm.metrics().get("dice_1"), EPS);
	}

	@Test
	void identicalImagesArePerfect() {
		ConfusionMatrix cm = ConfusionMatrix.compute(image(TRUTH), image(TRUTH), 3);
		assertEquals(1, cm.pixelAccuracy());
		assertEquals(1, cm.meanClassAccuracy());
		assertEquals(1, cm.meanIoU());
		for (int c = 0; c < 3; c++)
			assertEquals(1, cm.dice(c));
	}

	@Test
	void emptyPredictionFindsNoForeground() {
		// all predicted background: [[1, 0], [3, 0]]
		ConfusionMatrix cm = ConfusionMatrix.compute(image(new int[][]{ { 0, 1 }, { 1, 1 } }), TestImages.zeros(2, 2),
			2);
		assertArrayEquals(new long[][]{ { 1, 0 }, { 3, 0 } }, cm.toArray());
		assertEquals(0.25, cm.pixelAccuracy(), EPS);
		assertEquals(1, cm.classAccuracy(0), EPS);
		assertEquals(0, cm.classAccuracy(1), EPS);
		assertEquals(0.5, cm.meanClassAccuracy(), EPS);
		assertEquals(0.25, cm.iou(0), EPS); // 1 / (1 + 4 - 1)
		assertEquals(0, cm.iou(1), EPS);
		assertEquals(0, cm.dice(1), EPS);
		assertEquals(0.125, cm.meanIoU(), EPS);
	}

	@Test
	void emptyTruthLeavesForegroundAccuracyUndefined() {
		// no true foreground: [[1, 3], [0, 0]]; class 1 accuracy is 0/0, its IoU and Dice 0 (predicted, not true)
		ConfusionMatrix cm = ConfusionMatrix.compute(TestImages.zeros(2, 2), image(new int[][]{ { 0, 1 }, { 1, 1 } }),
			2);
		assertEquals(0.25, cm.pixelAccuracy(), EPS);
		assertTrue(Double.isNaN(cm.classAccuracy(1)));
		assertEquals(0.25, cm.meanClassAccuracy(), EPS);
		assertEquals(0, cm.iou(1), EPS);
		assertEquals(0, cm.dice(1), EPS);
		assertEquals(0.125, cm.meanIoU(), EPS);
	}

	@Test
	void classAbsentFromBothIsNaNAndLeftOutOfMeans() {
		// class 3 never occurs: its IoU, Dice and accuracy are undefined and the means are those of classes 0..2
		ConfusionMatrix cm = ConfusionMatrix.compute(image(TRUTH), image(PREDICTION), 4);
		assertTrue(Double.isNaN(cm.iou(3)));
		assertTrue(Double.isNaN(cm.dice(3)));
		assertTrue(Double.isNaN(cm.classAccuracy(3)));
		assertEquals(53 / 90.0, cm.meanIoU(), EPS);
		assertEquals(133 / 180.0, cm.meanClassAccuracy(), EPS);
	}

	@Test
	void ignoreLabelExcludesTruthPixels() {
		// the wrong pixel (x=2, y=2; truth 2, predicted 0) is marked 255 = ignore in the truth
		int[][] truth = { { 0, 0, 1, 1 }, { 0, 2, 1, 1 }, { 2, 2, 255, 1 } };
		ConfusionMatrix cm = ConfusionMatrix.compute(image(truth), image(PREDICTION), 3, 255);
		assertArrayEquals(new long[][]{ { 2, 1, 0 }, { 0, 4, 1 }, { 0, 0, 3 } }, cm.toArray());
		assertEquals(9 / 11.0, cm.pixelAccuracy(), EPS);
		assertEquals(1.0, cm.classAccuracy(2), EPS);
	}

	@Test
	void ignoreMaskExcludesPixels() {
		// ignoring pixel (x=1, y=0) (truth 0, predicted 1) leaves [[2,0,0],[0,4,1],[1,0,3]]
		Img<BitType> mask = ArrayImgs.bits(4, 3);
		var access = mask.randomAccess();
		access.setPositionAndGet(1, 0).set(true);
		ConfusionMatrix cm = ConfusionMatrix.compute(image(TRUTH), image(PREDICTION), 3, mask);
		assertArrayEquals(new long[][]{ { 2, 0, 0 }, { 0, 4, 1 }, { 1, 0, 3 } }, cm.toArray());
		assertEquals(9 / 11.0, cm.pixelAccuracy(), EPS);
		// IoU of class 0: 2 / (2 + 3 - 2)
		assertEquals(2 / 3.0, cm.iou(0), EPS);
	}

	@Test
	void threeDimensions() {
		// 2x2x2 binary volume: truth = upper slice foreground, prediction = one voxel too many in the lower slice
		Img<IntType> truth = image(new int[][][]{ { { 0, 0 }, { 0, 0 } }, { { 1, 1 }, { 1, 1 } } });
		Img<IntType> prediction = image(new int[][][]{ { { 0, 1 }, { 0, 0 } }, { { 1, 1 }, { 1, 1 } } });
		ConfusionMatrix cm = ConfusionMatrix.compute(truth, prediction, 2);
		assertArrayEquals(new long[][]{ { 3, 1 }, { 0, 4 } }, cm.toArray());
		assertEquals(7 / 8.0, cm.pixelAccuracy(), EPS);
		assertEquals(4 / 5.0, cm.iou(1), EPS); // 4 / (4 + 5 - 4)
		assertEquals(3 / 4.0, cm.iou(0), EPS); // 3 / (4 + 3 - 3)
	}

	@Test
	void poolingAddsCounts() {
		ConfusionMatrix a = ConfusionMatrix.compute(image(TRUTH), image(PREDICTION), 3);
		ConfusionMatrix b = ConfusionMatrix.compute(image(TRUTH), image(TRUTH), 3);
		ConfusionMatrix sum = a.plus(b);
		assertEquals(24, sum.total());
		assertEquals(21 / 24.0, sum.pixelAccuracy(), EPS);
		assertEquals(4 + 5, sum.count(1, 1));
		// an image without class 2 has a 2-class matrix; pooled, it counts as having no class-2 pixels
		ConfusionMatrix binary = ConfusionMatrix.of(new long[][]{ { 1, 2 }, { 3, 4 } });
		assertArrayEquals(new long[][]{ { 3, 3, 0 }, { 3, 8, 1 }, { 1, 0, 3 } }, binary.plus(a).toArray());
		assertArrayEquals(binary.plus(a).toArray(), a.plus(binary).toArray());
	}

	@Test
	void rejectsLabelsOutsideClassRangeAndMismatchedSizes() {
		assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.compute(image(TRUTH), image(PREDICTION), 2));
		assertThrows(IllegalArgumentException.class,
			() -> ConfusionMatrix.compute(image(TRUTH), TestImages.zeros(3, 4), 3));
	}
}
