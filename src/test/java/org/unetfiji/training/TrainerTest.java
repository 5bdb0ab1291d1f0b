package org.unetfiji.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.engine.TrainingEngine;
import org.unetfiji.engine.tensorflow.TensorFlowEngine;
import org.unetfiji.network.NetworkConfig;
import org.unetfiji.training.augmentation.AugmentationSettings;

class TrainerTest {

	private static final NetworkConfig SMALL = NetworkConfig.isotropic(2, 1, 2, 1, 4, false);

	@TempDir
	Path work;

	/**
	 * A 16 x 40 image whose value is its class: columns with {@code x % 8 < 3} are class 1, the rest class 0, the
	 * last 8 columns ignored; sampling probability 1 for class 1, 0.5 for class 0.
	 */
	private static TrainingSample stripes() {
		FloatTensor image = FloatTensor.zeros(16, 40, 1);
		int[] classes = new int[640];
		float[] weights = new float[640];
		float[] sampling = new float[640];
		for (int y = 0; y < 16; y++)
			for (int x = 0; x < 40; x++) {
				int i = y * 40 + x;
				classes[i] = x >= 32 ? TrainingSample.IGNORE : x % 8 < 3 ? 1 : 0;
				image.data()[i] = classes[i];
				weights[i] = classes[i] < 0 ? 0 : classes[i] == 1 ? 2 : 1;
				sampling[i] = classes[i] < 0 ? 0 : classes[i] == 1 ? 1 : 0.5f;
			}
		return new TrainingSample("stripes", image, classes, weights, sampling, null, new double[]{ 1, 1 });
	}

	private static TrainingSettings settings(int steps, float lr) {
		return TrainingSettings.plain(new long[]{ 8, 8 }, 2, steps, lr, 1);
	}

	@Test
	void batchesKeepInputTargetAndWeightsAlignedAndAreReproducible() {
		TrainingSettings augmented = settings(1, 1e-3f)
			.withAugmentation(AugmentationSettings.defaults().with(180, 3, 0, 0));
		Trainer trainer = new Trainer(List.of(stripes()), List.of(), 2, augmented);
		for (int step = 1; step <= 5; step++) {
			Batch batch = trainer.batch(step);
			assertArrayEquals(new long[]{ 2, 8, 8, 1 }, batch.input().shape());
			assertArrayEquals(new long[]{ 2, 8, 8, 2 }, batch.target().shape());
			assertArrayEquals(new long[]{ 2, 8, 8 }, batch.weights().shape());
			for (int i = 0; i < 128; i++) {
				float weight = batch.weights().data()[i];
				float oneHot = batch.target().data()[2 * i] + batch.target().data()[2 * i + 1];
				assertEquals(weight == 0 ? 0 : 1, oneHot, "ignored pixels have no target");
				if (weight != 0) assertEquals(batch.target().data()[2 * i + 1] == 1 ? 2f : 1f, weight);
			}
			assertEquals(batch.input(), trainer.batch(step).input(), "a step's batch depends only on the seed");
		}
	}

	@Test
	void tilesAreCentredWhereTheSamplingMapAllows() {
		TrainingSample sample = stripes();
		// only the pixels of column 2 may be tile centres
		for (int i = 0; i < 640; i++)
			sample.sampling()[i] = i % 40 == 2 ? 1 : 0;
		Trainer trainer = new Trainer(List.of(sample), List.of(), 2, settings(1, 1e-3f));
		for (int step = 1; step <= 20; step++) {
			Batch batch = trainer.batch(step);
			int weighted = 0;
			for (float w : batch.weights().data())
				if (w > 0) weighted++;
			assertEquals(128, weighted,
				"tiles centred on column 2 are clamped into the image, never into the ignored part");
		}
		sample.sampling()[2] = 0;
		java.util.Arrays.fill(sample.sampling(), 0);
		assertThrows(IllegalArgumentException.class,
			() -> new Trainer(List.of(sample), List.of(), 2, settings(1, 1e-3f)));
	}

	@Test
	void lossFallsValidatesAndLogs() throws IOException {
		Trainer trainer = new Trainer(List.of(stripes()), List.of(stripes()), 2,
			settings(60, 1e-2f).withValidation(30, 0));
		TrainingFolder folder = new TrainingFolder(work);
		try (TrainableNetwork network = new TensorFlowEngine().create(SMALL, 1)) {
			List<LogRow> logged = new ArrayList<>();
			int[] reported = { 0 };
			Trainer.Result result = trainer.train(network, folder, new Trainer.Progress() {

				@Override
				public void step(int step, int steps, float loss) {
					reported[0] = step;
				}

				@Override
				public void logged(LogRow row) {
					logged.add(row);
				}
			}, () -> false);
			assertEquals(60, reported[0]);
			assertEquals(Trainer.Stop.COMPLETED, result.stop());
			List<Float> losses = result.losses();
			assertTrue(losses.get(59) < losses.get(0) * 0.5, losses.toString());
			assertEquals(2, logged.size());
			LogRow last = logged.get(1);
			assertTrue(last.foregroundIoU() > 0.9, "the stripes are learnt: " + last);
			assertTrue(last.validationLoss() < losses.get(0), last.toString());
			assertTrue(result.engineFraction() > 0 && result.engineFraction() <= 1);
			assertEquals(3, Files.readAllLines(work.resolve("log.csv")).size());
			assertTrue(Files.size(work.resolve("learning-curve.png")) > 1000);
			assertTrue(folder.bestModel() != null && Files.isDirectory(folder.bestModel()));
		}
	}

	@Test
	void aKilledRunResumesFromItsCheckpointAsIfUninterrupted() throws IOException {
		TrainingEngine engine = new TensorFlowEngine();
		TrainingSettings settings = settings(6, 2e-2f).withValidation(3, 0);
		Trainer trainer = new Trainer(List.of(stripes()), List.of(), 2, settings);
		List<Float> uninterrupted;
		try (TrainableNetwork network = engine.create(SMALL, 1)) {
			uninterrupted = trainer
				.train(network, new TrainingFolder(work.resolve("whole")), (s, n, l) -> {}, () -> false).losses();
		}
		TrainingFolder folder = new TrainingFolder(work.resolve("killed"));
		try (TrainableNetwork network = engine.create(SMALL, 1)) {
			assertThrows(Killed.class, () -> trainer.train(network, folder, (step, steps, loss) -> {
				if (step == 5) throw new Killed();
			}, () -> false));
		}
		assertTrue(folder.hasCheckpoint());
		assertEquals(3, folder.state().step(), "the checkpoint of step 3 survives, step 4 and 5 are lost");
		try (TrainableNetwork network = engine.load(folder.checkpointModel(), SMALL)) {
			Trainer.Result resumed = new Trainer(List.of(stripes()), List.of(), 2, settings).train(network, folder,
				(s, n, l) -> {}, () -> false);
			assertEquals(3, resumed.losses().size());
			for (int i = 0; i < 3; i++)
				assertEquals(uninterrupted.get(3 + i), resumed.losses().get(i), 1e-4 * uninterrupted.get(3 + i),
					"step " + (4 + i) + ": same batches and the same optimiser state give the same loss");
			assertEquals(6, resumed.state().step());
			assertEquals(2, resumed.log().size(), "the log continues: " + resumed.log());
		}
	}

	@Test
	void cancelTimeLimitAndEarlyStoppingLeaveACheckpoint() throws IOException {
		try (TrainableNetwork network = new TensorFlowEngine().create(SMALL, 1)) {
			TrainingFolder cancelled = new TrainingFolder(work.resolve("cancelled"));
			int[] checks = { 0 };
			Trainer.Result result = new Trainer(List.of(stripes()), List.of(), 2, settings(40, 1e-2f)).train(network,
				cancelled, (s, n, l) -> {}, () -> checks[0]++ >= 3);
			assertEquals(Trainer.Stop.CANCELLED, result.stop());
			assertEquals(3, result.state().step());
			assertEquals(3, cancelled.state().step(), "cancelling checkpoints where it stopped");

			TrainingSettings oneSecond = new TrainingSettings(new long[]{ 8, 8 }, 2, 100_000, 1e-2f,
				LearningRateSchedule.COSINE, 1, AugmentationSettings.none(), 1000, 0, 1 / 60.0, 2);
			result = new Trainer(List.of(stripes()), List.of(), 2, oneSecond).train(network,
				new TrainingFolder(work.resolve("timed")), (s, n, l) -> {}, () -> false);
			assertEquals(Trainer.Stop.TIME_LIMIT, result.stop());
			assertTrue(result.state().seconds() >= 1 && result.state().seconds() < 10, "" + result.state());

			TrainingSettings patient = new TrainingSettings(new long[]{ 8, 8 }, 2, 50, 1e-7f,
				LearningRateSchedule.CONSTANT, 1, AugmentationSettings.none(), 1, 2, 0, 1);
			result = new Trainer(List.of(stripes()), List.of(stripes()), 2, patient).train(network,
				new TrainingFolder(work.resolve("early")), (s, n, l) -> {}, () -> false);
			assertEquals(Trainer.Stop.EARLY_STOP, result.stop());
			assertTrue(result.state().step() < 50, "" + result.state());
			assertFalse(Double.isNaN(result.state().bestScore()));
		}
	}

	@Test
	void trainingForATimeUsesTheWholeTimeWithTheScheduleFollowingItAndValidatesTheLastNetwork() throws IOException {
		try (TrainableNetwork network = new TensorFlowEngine().create(SMALL, 1)) {
			TrainingSettings twoSeconds = new TrainingSettings(new long[]{ 8, 8 }, 2, 0, 1e-2f,
				LearningRateSchedule.COSINE, 1, AugmentationSettings.none(), 1_000_000, 0, 2 / 60.0, 1);
			assertTrue(twoSeconds.timed());
			List<Integer> expected = new ArrayList<>();
			Trainer.Result result = new Trainer(List.of(stripes()), List.of(stripes()), 2, twoSeconds).train(network,
				new TrainingFolder(work.resolve("timed")), (s, n, l) -> expected.add(n), () -> false);
			assertEquals(Trainer.Stop.COMPLETED, result.stop());
			assertTrue(result.state().seconds() >= 2 && result.state().seconds() < 15, "" + result.state());
			assertTrue(result.state().step() > 5, "as many steps as fit: " + result.state());
			assertEquals(1, result.log().size(), "the last network is validated: " + result.log());
			LogRow last = result.log().get(0);
			assertEquals(result.state().step(), last.step());
			assertTrue(last.learningRate() < 0.05f * 1e-2f, "the cosine reaches its end with the time: " + last);
			assertEquals(result.state().step(), result.state().bestStep(), "the best validated network is kept");
			assertTrue(expected.get(expected.size() - 1) >= result.state().step() - 1, "" + expected);
		}
		assertThrows(IllegalArgumentException.class, () -> settings(0, 1e-3f), "no steps without a time");
	}

	@Test
	void runningOutOfMemoryStopsWithWhatToDoAndKeepsTheCheckpoint() throws IOException {
		TrainingFolder folder = new TrainingFolder(work.resolve("oom"));
		try (TrainableNetwork real = new TensorFlowEngine().create(SMALL, 1)) {
			TrainableNetwork exhausted = new TrainableNetwork() {

				private int steps;

				@Override
				public NetworkConfig config() {
					return real.config();
				}

				@Override
				public FloatTensor predict(FloatTensor input) {
					return real.predict(input);
				}

				@Override
				public float trainStep(FloatTensor input, FloatTensor target, FloatTensor weights, float rate) {
					if (++steps == 5) throw new IllegalStateException(
						"OOM when allocating tensor with shape[2,8,8,4] and type float on /job:localhost/device:CPU:0");
					return real.trainStep(input, target, weights, rate);
				}

				@Override
				public FloatTensor variable(String name) {
					return real.variable(name);
				}

				@Override
				public void save(Path target) throws IOException {
					real.save(target);
				}

				@Override
				public void saveWithoutOptimizerState(Path target) throws IOException {
					real.saveWithoutOptimizerState(target);
				}

				@Override
				public void close() {}
			};
			Trainer trainer = new Trainer(List.of(stripes()), List.of(), 2, settings(20, 1e-2f).withValidation(3, 0));
			IllegalStateException error = assertThrows(IllegalStateException.class,
				() -> trainer.train(exhausted, folder, (s, n, l) -> {}, () -> false));
			assertEquals(
				"the engine ran out of memory at step 5 with 2 tile(s) of [8, 8]; the checkpoint of step 3 is " +
					"kept. Run again with a smaller batch= or tile= (it resumes from the checkpoint)",
				error.getMessage());
		}
		assertEquals(3, folder.state().step());
		try (TrainableNetwork resumed = new TensorFlowEngine().load(folder.checkpointModel(), SMALL)) {
			assertEquals(20, new Trainer(List.of(stripes()), List.of(), 2, settings(20, 1e-2f).withValidation(3, 0))
				.train(resumed, folder, (s, n, l) -> {}, () -> false).state().step());
		}
	}

	@Test
	void learningRateSchedules() {
		assertEquals(1e-3f, LearningRateSchedule.COSINE.rate(1e-3f, 1, 100), 1e-9f);
		assertEquals(1e-5f, LearningRateSchedule.COSINE.rate(1e-3f, 100, 100), 1e-9f);
		assertEquals(0.505e-3f, LearningRateSchedule.COSINE.rate(1e-3f, 51, 101), 1e-8f);
		assertEquals(1e-4f, LearningRateSchedule.STEP.rate(1e-3f, 60, 100), 1e-9f);
		assertEquals(1e-3f, LearningRateSchedule.CONSTANT.rate(1e-3f, 99, 100));
	}

	/** Stands for the process being killed: nothing after it runs. */
	private static final class Killed extends Error {
		private static final long serialVersionUID = 1L;
	}
}
