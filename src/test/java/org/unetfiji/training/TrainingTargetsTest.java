package org.unetfiji.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.training.TrainingTargets.LabelledImage;
import org.unetfiji.training.weights.WeightMap;
import org.unetfiji.training.weights.WeightMapSettings;

import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

class TrainingTargetsTest {

	private static final WeightMapSettings MAP = WeightMapSettings.defaults();

	/** A 10 x 12 label image: objects 3 (x 1..4) and 5 (x 5..8) touching at x 4|5, rows 2..6; value 9 at row 9. */
	private static LabelledImage touching() {
		int[] labels = new int[120];
		for (int y = 2; y <= 6; y++)
			for (int x = 1; x <= 8; x++)
				labels[y * 12 + x] = x <= 4 ? 3 : 5;
		for (int x = 0; x < 12; x++)
			labels[9 * 12 + x] = 9;
		return new LabelledImage("touching", FloatTensor.zeros(10, 12, 1), labels, new double[]{ 2, 1 });
	}

	private static TrainingSample build(LabelledImage image, LabelKind kind, WeightMode weights, OptionalInt ignore) {
		WeightMapSettings map = new WeightMapSettings(MAP.w0(), MAP.sigma(), MAP.vBal(), MAP.sigma1(), ignore);
		return TrainingTargets.build(List.of(image), new TargetSettings(kind, weights, map), 2).get(0);
	}

	@Test
	void instancesAreSeparatedAndGetTheFalkWeightMapWithAnisotropicDistances() {
		TrainingSample sample = build(touching(), LabelKind.INSTANCES, WeightMode.BORDER, OptionalInt.of(9));
		assertEquals(0, sample.classes()[4 * 12 + 4], "contact pixels become background");
		assertEquals(0, sample.classes()[4 * 12 + 5]);
		assertEquals(1, sample.classes()[4 * 12 + 3]);
		assertEquals(TrainingSample.IGNORE, sample.classes()[9 * 12 + 3]);
		assertEquals(0, sample.weights()[9 * 12 + 3]);
		assertEquals(0, sample.sampling()[9 * 12 + 3]);
		assertEquals(1, sample.weights()[4 * 12 + 3]);
		assertEquals((float) MAP.vBal(), sample.sampling()[0]);
		// the weights are those of WeightMap on the same labels, voxel size relative to x, in x-first order
		int[] labels = touching().labels();
		WeightMap expected = WeightMap.compute(ArrayImgs.ints(labels, 12, 10), MAP.withIgnoreLabel(9), 1, 2);
		Cursor<FloatType> w = expected.weights().cursor();
		for (int i = 0; i < 120; i++)
			assertEquals(w.next().get(), sample.weights()[i], 1e-6f, "pixel " + i);
		assertTrue(sample.weights()[4 * 12 + 4] > 20, "gap between touching objects weighs " + sample.weights()[52]);
		assertEquals(3, sample.instances()[4 * 12 + 4], "instances keep the annotation for scoring");
		assertEquals(0, sample.instances()[9 * 12 + 3]);
	}

	@Test
	void binaryMasksBecomeConnectedComponentsAndAutoRecognisesThem() {
		int[] labels = new int[120];
		for (int x = 1; x <= 3; x++)
			labels[2 * 12 + x] = 255;
		for (int x = 6; x <= 8; x++)
			labels[2 * 12 + x] = 255;
		LabelledImage image = new LabelledImage("binary", FloatTensor.zeros(10, 12, 1), labels, new double[]{ 1, 1 });
		assertEquals(LabelKind.BINARY, TrainingTargets.resolve(LabelKind.AUTO, labels, OptionalInt.empty()));
		assertEquals(LabelKind.INSTANCES,
			TrainingTargets.resolve(LabelKind.AUTO, touching().labels(), OptionalInt.of(9)));
		TrainingSample sample = build(image, LabelKind.AUTO, WeightMode.BORDER, OptionalInt.empty());
		assertEquals(1, sample.instances()[2 * 12 + 1]);
		assertEquals(2, sample.instances()[2 * 12 + 6]);
		assertTrue(sample.weights()[2 * 12 + 4] > sample.weights()[9 * 12 + 11] + 1,
			"the gap between two components is emphasised");
	}

	@Test
	void balanceGivesEachClassTheSameTotalWeightAndNoneGivesOne() {
		TrainingSample balanced = build(touching(), LabelKind.INSTANCES, WeightMode.BALANCE, OptionalInt.of(9));
		double[] total = new double[2];
		for (int i = 0; i < 120; i++)
			if (balanced.classes()[i] >= 0) total[balanced.classes()[i]] += balanced.weights()[i];
		assertEquals(total[0], total[1], 1e-3);
		assertEquals(108, total[0] + total[1], 1e-3, "mean weight 1 over the 108 annotated pixels");
		TrainingSample plain = build(touching(), LabelKind.INSTANCES, WeightMode.NONE, OptionalInt.of(9));
		for (int i = 0; i < 120; i++)
			assertEquals(plain.classes()[i] < 0 ? 0 : 1, plain.weights()[i]);
		assertArrayEquals(plain.classes(), balanced.classes(), "weights do not change the target");
	}

	@Test
	void classMasksKeepTheirValues() {
		int[] labels = { 0, 1, 2, 7, 2, 1 };
		LabelledImage image = new LabelledImage("classes", FloatTensor.zeros(2, 3, 1), labels, new double[]{ 1, 1 });
		WeightMapSettings map = MAP.withIgnoreLabel(7);
		TrainingSample sample = TrainingTargets
			.build(List.of(image), new TargetSettings(LabelKind.CLASSES, WeightMode.NONE, map), 3).get(0);
		assertArrayEquals(new int[]{ 0, 1, 2, TrainingSample.IGNORE, 2, 1 }, sample.classes());
		assertArrayEquals(new float[]{ 1, 1, 1, 0, 1, 1 }, sample.weights());
		assertEquals(null, sample.instances());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingTargets
			.build(List.of(image), new TargetSettings(LabelKind.CLASSES, WeightMode.NONE, MAP), 3));
		assertTrue(e.getMessage().contains("label 7"), e.getMessage());
		assertThrows(IllegalArgumentException.class,
			() -> new TargetSettings(LabelKind.CLASSES, WeightMode.BORDER, MAP));
		assertThrows(IllegalArgumentException.class, () -> TrainingTargets.build(List.of(touching()),
			new TargetSettings(LabelKind.INSTANCES, WeightMode.NONE, MAP), 3), "objects train two classes");
		assertNotEquals(LabelKind.CLASSES, TrainingTargets.resolve(LabelKind.AUTO, labels, OptionalInt.empty()));
	}
}
