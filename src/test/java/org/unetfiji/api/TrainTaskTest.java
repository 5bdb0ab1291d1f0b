package org.unetfiji.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImagePlusBridge;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.training.LogRow;
import org.unetfiji.training.Trainer;
import org.unetfiji.training.TrainingData;
import org.unetfiji.training.TrainingFolder;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Training through the typed API on images held in memory (crops of real GOWT1 nuclei): the listener gets every
 * log row as it is written, and the two ways to stop keep their promise (a cancel writes no model, a stop that
 * keeps the model writes one).
 */
class TrainTaskTest {

	private static final Path GOWT1 = Path.of("../shared/data/ctc-gowt1-nuclei-2d/train");

	@TempDir
	Path work;

	@Test
	void trainsOnImagesInMemoryHandingOverEachLogRow() throws Exception {
		List<TrainingData.Pair> pairs = List.of(pair("t01"), pair("t21"));
		double[] before = pixels(pairs.get(0).image());
		Path output = work.resolve("nuclei");
		Events events = new Events();

		TrainResult result = TrainTask
			.run(request(pairs, output).steps(6).validateEvery(2).validationFraction(0.5).build(), events, () -> false);

		assertEquals(Trainer.Stop.COMPLETED, result.training().stop());
		assertEquals(output, result.model());
		assertTrue(Files.isRegularFile(output.resolve("rdf.yaml")));
		assertEquals(List.of(2, 4, 6), events.rows.stream().map(LogRow::step).toList(), "a row per validation");
		assertEquals(result.training().log(), events.rows, "the rows handed over are those logged");
		assertEquals(List.of(2, 4, 6), TrainingFolder.besideModel(output).log().stream().map(LogRow::step).toList(),
			"and those written to the log");
		assertFalse(Double.isNaN(events.rows.get(0).validationLoss()), "one of the two images validates");
		assertEquals(6, events.lastProgress);
		assertTrue(events.started.startsWith("training U-Net 2D, depth 2") &&
			events.started.contains("on 1 image(s), validating on 1"), events.started);
		assertTrue(
			result.summary().startsWith("completed after 6 steps") &&
				result.summary().contains("model written to " + output) &&
				result.summary().contains("; post-processing chosen on 1 validation image(s): threshold "),
			result.summary());
		assertEquals(result, events.finished);
		try (ModelPackage model = ModelPackage.open(output)) {
			assertTrue(model.descriptor().description().endsWith("from t01.tif, t21.tif"),
				model.descriptor().description());
			assertEquals(2, model.descriptor().postprocessing().size(), "the chain chosen on the validation image");
			assertEquals(List.of(), model.descriptor().elementSizeUm(), "uncalibrated images: the size is unknown");
			assertTrue(model.descriptor().training().get("postprocessing").toString().contains("chosen_on=[t"),
				model.descriptor().training().toString());
		}
		assertArrayEquals(before, pixels(pairs.get(0).image()), "the images in memory are not changed");
	}

	@Test
	void aCancelWritesNoModelButAStopThatKeepsItDoes() throws Exception {
		List<TrainingData.Pair> pairs = List.of(pair("t01"));
		Path cancelled = work.resolve("cancelled");
		AtomicBoolean cancel = new AtomicBoolean();
		Events cancelling = new Events(() -> cancel.set(true));
		CancellationException e = assertThrows(CancellationException.class,
			() -> TrainTask.run(request(pairs, cancelled).steps(1000).validateEvery(2).validationFraction(0).build(),
				cancelling, cancel::get));
		assertTrue(e.getMessage().startsWith("cancelled at step 2"), e.getMessage());
		assertFalse(Files.exists(cancelled), "a cancel writes no model");
		assertTrue(TrainingFolder.besideModel(cancelled).hasCheckpoint(), "but leaves the checkpoint");

		Path stopped = work.resolve("stopped");
		AtomicBoolean stop = new AtomicBoolean();
		TrainResult result = TrainTask.run(
			request(pairs, stopped).steps(1000).validateEvery(2).validationFraction(0).build(),
			new Events(() -> stop.set(true)), () -> false, stop::get);
		assertEquals(Trainer.Stop.CANCELLED, result.training().stop());
		assertEquals(2, result.training().state().step());
		assertTrue(Files.isRegularFile(stopped.resolve("rdf.yaml")), "a stop that keeps the model writes it");
	}

	@Test
	void wrongRequestsAreTheCommandLinesOneLineErrors() {
		List<TrainingData.Pair> pairs = List.of(pair("t01"));
		assertEquals("steps=0 is out of range [1, 10000000]",
			assertThrows(IllegalArgumentException.class, () -> request(pairs, work.resolve("m")).steps(0).build())
				.getMessage());
		assertEquals(TrainRequest.DEFAULT_STEPS, request(pairs, work.resolve("m")).build().trainingSteps());
		assertEquals(0, request(pairs, work.resolve("m")).minutes(25).build().trainingSteps(),
			"minutes= without steps= trains for the time");
		assertEquals(300, request(pairs, work.resolve("m")).minutes(25).steps(300).build().trainingSteps());
		assertEquals("freeze-encoder=true needs model= to finetune", assertThrows(IllegalArgumentException.class,
			() -> request(pairs, work.resolve("m")).finetune(null, true).build()).getMessage());
		assertEquals("lr=0.9 is out of range [1.0E-7, 0.5]",
			assertThrows(IllegalArgumentException.class, () -> request(pairs, work.resolve("m")).lr(0.9).build())
				.getMessage());
		assertEquals("output=" + work + " exists; choose a new folder for the model",
			assertThrows(IllegalArgumentException.class,
				() -> TrainTask.run(request(pairs, work).build(), new Events(), () -> false)).getMessage());
	}

	private static TrainRequest.Builder request(List<TrainingData.Pair> pairs, Path output) {
		return TrainRequest.builder(new TrainRequest.InMemory(pairs), output).network(2, 4).tile(new long[]{ 64 })
			.batch(1).augment(false).device(DeviceChoice.CPU);
	}

	/** A 160 × 160 crop of a GOWT1 image and its instance labels, as open images hold them. */
	private static TrainingData.Pair pair(String name) {
		return new TrainingData.Pair(name + ".tif", crop(GOWT1.resolve("images/" + name + ".tif")),
			crop(GOWT1.resolve("labels/" + name + ".tif")));
	}

	private static Hyperstack<?> crop(Path file) {
		ImagePlus image = IJ.openImage(file.toString());
		image.setRoi(100, 100, 160, 160);
		return ImagePlusBridge.wrap(image.crop());
	}

	private static double[] pixels(Hyperstack<?> image) {
		List<Double> values = new ArrayList<>();
		for (RealType<?> v : Views.flatIterable(image.data()))
			values.add(v.getRealDouble());
		return values.stream().mapToDouble(Double::doubleValue).toArray();
	}

	/** What a listener receives; {@code onFirstRow} runs when the first row arrives. */
	private static final class Events implements TrainListener {

		final List<LogRow> rows = new ArrayList<>();
		final Runnable onFirstRow;
		String started;
		long lastProgress;
		TrainResult finished;

		Events() {
			this(() -> {});
		}

		Events(Runnable onFirstRow) {
			this.onFirstRow = onFirstRow;
		}

		@Override
		public void started(String line) {
			started = line;
		}

		@Override
		public void progress(long done, long total) {
			lastProgress = done;
		}

		@Override
		public void logged(LogRow row, double seconds) {
			rows.add(row);
			if (rows.size() == 1) onFirstRow.run();
		}

		@Override
		public void finished(TrainResult result) {
			finished = result;
		}
	}
}
