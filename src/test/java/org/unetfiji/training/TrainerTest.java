package org.unetfiji.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.engine.tensorflow.TensorFlowEngine;
import org.unetfiji.network.NetworkConfig;

class TrainerTest {

	/** A 6 x 10 image whose value is its class (the left 3 columns class 1, the rest class 0, column 9 ignored). */
	private static TrainingSample stripes() {
		FloatTensor image = FloatTensor.zeros(6, 10, 1);
		int[] classes = new int[60];
		for (int y = 0; y < 6; y++)
			for (int x = 0; x < 10; x++) {
				int c = x < 3 ? 1 : x == 9 ? TrainingSample.IGNORE : 0;
				classes[y * 10 + x] = c;
				image.data()[y * 10 + x] = c;
			}
		return new TrainingSample("stripes", image, classes);
	}

	@Test
	void classesGetEqualTotalWeightAndIgnoreNone() {
		Trainer trainer = new Trainer(List.of(stripes()), 2, new TrainingSettings(new long[] { 4, 4 }, 3, 1, 1e-3f,
			1));
		// 18 pixels of class 1, 36 of class 0, 54 labelled: weights 54/(2*36) = 0.75 and 54/(2*18) = 1.5
		assertArrayEquals(new float[] { 0.75f, 1.5f }, trainer.classWeights(), 1e-6f);
		FloatTensor[] batch = trainer.batch(new Random(3));
		assertArrayEquals(new long[] { 3, 4, 4, 1 }, batch[0].shape());
		assertArrayEquals(new long[] { 3, 4, 4, 2 }, batch[1].shape());
		assertArrayEquals(new long[] { 3, 4, 4 }, batch[2].shape());
		for (int i = 0; i < 48; i++) {
			float value = batch[0].data()[i];
			float weight = batch[2].data()[i];
			// input, target and weights stay aligned under random crops and flips
			if (weight == 0) assertEquals(0, batch[1].data()[2 * i] + batch[1].data()[2 * i + 1]);
			else assertEquals(1f, batch[1].data()[2 * i + (int) value]);
			if (weight != 0) assertEquals(value == 1 ? 1.5f : 0.75f, weight);
		}
	}

	@Test
	void smallImagesArePaddedWithIgnoredPixels() {
		Trainer trainer = new Trainer(List.of(stripes()), 2, new TrainingSettings(new long[] { 8, 16 }, 1, 1, 1e-3f,
			1));
		FloatTensor[] batch = trainer.batch(new Random(1));
		int weighted = 0;
		for (float w : batch[2].data())
			if (w > 0) weighted++;
		assertEquals(54, weighted, "only the 54 annotated pixels carry weight");
	}

	@Test
	void rejectsBadAnnotations() {
		TrainingSample sample = stripes();
		assertThrows(IllegalArgumentException.class, () -> new Trainer(List.of(sample), 1, new TrainingSettings(
			new long[] { 4, 4 }, 1, 1, 1e-3f, 1)));
		int[] none = new int[60];
		java.util.Arrays.fill(none, TrainingSample.IGNORE);
		assertThrows(IllegalArgumentException.class, () -> new Trainer(List.of(new TrainingSample("empty", sample
			.image(), none)), 2, new TrainingSettings(new long[] { 4, 4 }, 1, 1, 1e-3f, 1)));
		assertThrows(IllegalArgumentException.class, () -> new TrainingSettings(new long[] { 4, 4 }, 0, 1, 1e-3f, 1));
	}

	@Test
	void trainsReportsProgressAndCancels() {
		NetworkConfig config = NetworkConfig.isotropic(2, 1, 2, 1, 4, false);
		Trainer trainer = new Trainer(List.of(stripes()), 2, new TrainingSettings(new long[] { 4, 8 }, 2, 40, 1e-2f,
			1));
		try (Network network = new TensorFlowEngine().create(config, 1)) {
			int[] reported = { 0 };
			List<Float> losses = trainer.train(network, (step, steps, loss) -> reported[0] = step, () -> false);
			assertEquals(40, reported[0]);
			assertTrue(losses.get(39) < losses.get(0) * 0.5, losses.toString());
			CancellationException e = assertThrows(CancellationException.class, () -> trainer.train(network, (step,
				steps, loss) -> {}, () -> reported[0]++ > 42));
			assertTrue(e.getMessage().contains("after 3 steps"), e.getMessage());
		}
	}
}
