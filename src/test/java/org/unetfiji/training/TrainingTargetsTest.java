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

	/** Two touching 4x4x4 cubes (ids 7 | 8 along x) in a 6 x 6 x 10 stack, background 0 around them. */
	private static LabelledImage touchingCubes(double[] voxelSize) {
		int[] labels = new int[6 * 6 * 10];
		for (int z = 1; z <= 4; z++)
			for (int y = 1; y <= 4; y++)
				for (int x = 1; x <= 8; x++)
					labels[(z * 6 + y) * 10 + x] = x <= 4 ? 7 : 8;
		return new LabelledImage("cubes", FloatTensor.zeros(6, 6, 10, 1), labels, voxelSize);
	}

	private static int at(int[] classes, int z, int y, int x) {
		return classes[(z * 6 + y) * 10 + x];
	}

	@Test
	void boundaryTargetMarksObjectEdgesIncludingContactsIn3d() {
		TargetSettings settings = new TargetSettings(LabelKind.INSTANCES, WeightMode.BORDER, MAP, Target.BOUNDARY, 1);
		assertEquals(List.of("background", "interior", "boundary"), settings.classNames(List.of("a", "b")));
		TrainingSample sample = TrainingTargets.build(List.of(touchingCubes(new double[]{ 1, 1, 1 })), settings, 3)
			.get(0);
		int[] c = sample.classes();
		assertEquals(0, at(c, 0, 0, 0), "background stays background");
		assertEquals(0, at(c, 2, 2, 9));
		assertEquals(2, at(c, 2, 2, 1), "the face towards the background is boundary");
		assertEquals(2, at(c, 2, 2, 4), "both sides of the contact are boundary");
		assertEquals(2, at(c, 2, 2, 5));
		assertEquals(2, at(c, 1, 2, 2), "the top face too");
		assertEquals(1, at(c, 2, 2, 2), "inside is interior");
		assertEquals(1, at(c, 3, 3, 6));
		assertTrue(sample.weights()[(2 * 6 + 2) * 10 + 4] > 20, "the border weights still apply at the contact");
		assertEquals(1, sample.weights()[(2 * 6 + 2) * 10 + 2]);
		assertThrows(IllegalArgumentException.class,
			() -> TrainingTargets.build(List.of(touchingCubes(new double[]{ 1, 1, 1 })), settings, 2),
			"boundary targets train 3 classes");
	}

	@Test
	void boundaryWidthIsScaledByTheVoxelSize() {
		// a 5 x 1 x 9 stack: object 1 everywhere but the background planes z=0 and x=0; z voxels 4 times larger, so a
		// width of 2 along x reaches 2 voxels along x and max(1, round(2/4)) = 1 along z
		long[] size = { 5, 1, 9 };
		int[] labels = new int[45];
		for (int z = 1; z < 5; z++)
			for (int x = 1; x < 9; x++)
				labels[z * 9 + x] = 1;
		boolean[] boundary = Boundaries.mark(labels, size, new double[]{ 4, 1, 1 }, 2, -1, true);
		assertTrue(boundary[1 * 9 + 5], "one voxel from the background along z");
		assertTrue(!boundary[2 * 9 + 5], "two voxels away along z: interior");
		assertTrue(boundary[3 * 9 + 2], "two voxels from the background along x");
		assertTrue(!boundary[3 * 9 + 3], "three voxels away along x: interior");
		assertTrue(!boundary[4 * 9 + 8], "the image border is no boundary");
		assertTrue(!boundary[0], "background has no boundary");
	}

	@Test
	void denseLabelsTrainInteriorAndBoundaryWithIgnoredVoxelsLeftOut() {
		// three cells filling a 1 x 8 row, the last voxel unlabelled (ignore=1 there)
		int[] labels = { 5, 5, 5, 6, 6, 6, 9, 1 };
		LabelledImage row = new LabelledImage("row", FloatTensor.zeros(1, 8, 1), labels, new double[]{ 1, 1 });
		WeightMapSettings map = MAP.withIgnoreLabel(1);
		TargetSettings settings = new TargetSettings(LabelKind.DENSE, WeightMode.BALANCE, map);
		assertEquals(Target.BOUNDARY, settings.target());
		assertEquals(List.of("interior", "boundary"), settings.classNames(List.of("background", "foreground")));
		assertEquals(1, settings.boundaryClass());
		assertEquals(0, settings.interiorClass());
		TrainingSample sample = TrainingTargets.build(List.of(row), settings, 2).get(0);
		assertArrayEquals(new int[]{ 0, 0, 1, 1, 0, 1, 1, TrainingSample.IGNORE }, sample.classes());
		assertEquals(0, sample.weights()[7]);
		// balance: 3 interior, 4 boundary voxels of 7: weights 7/6 and 7/8
		assertEquals(7 / 6.0, sample.weights()[0], 1e-6);
		assertEquals(7 / 8.0, sample.weights()[2], 1e-6);
		assertEquals(1, TrainingTargets.labelledFraction(List.of(row), OptionalInt.of(1)), 1e-12);
		LabelledImage sparse = new LabelledImage("sparse", FloatTensor.zeros(1, 4, 1), new int[]{ 0, 0, 4, 3 },
			new double[]{ 1, 1 });
		assertEquals(9 / 11.0, TrainingTargets.labelledFraction(List.of(row, sparse), OptionalInt.of(3)), 1e-12);
		assertEquals(10 / 12.0, TrainingTargets.labelledFraction(List.of(row, sparse), OptionalInt.empty()), 1e-12);
		assertThrows(IllegalArgumentException.class,
			() -> new TargetSettings(LabelKind.DENSE, WeightMode.BORDER, map, Target.BOUNDARY, 1));
		assertThrows(IllegalArgumentException.class,
			() -> new TargetSettings(LabelKind.DENSE, WeightMode.NONE, map, Target.FOREGROUND, 1));
		assertThrows(IllegalArgumentException.class,
			() -> new TargetSettings(LabelKind.CLASSES, WeightMode.NONE, map, Target.BOUNDARY, 1));
	}
}
