package org.unetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.training.TrainingFolder;

import ij.IJ;
import ij.ImagePlus;

/**
 * {@code ./unet train} in its own process, killed with SIGKILL at random moments (checkpoints are written every
 * few steps, so some kills land during a write): every time the same command resumes from the last checkpoint,
 * and the last run finishes with a valid model that has all its steps.
 */
class KilledTrainingTest {

	private static final Path EM = Path.of("../shared/data/isbi2012-em-membranes/train");
	private static final int STEPS = 300;

	@TempDir
	Path work;

	@Test
	void trainingKilledAtRandomMomentsResumesAndFinishes() throws Exception {
		Path images = Files.createDirectories(work.resolve("images"));
		Path labels = Files.createDirectories(work.resolve("labels"));
		for (String name : new String[]{ "000", "001" }) {
			crop(EM.resolve("images/" + name + ".png"), images.resolve(name + ".tif"));
			crop(EM.resolve("labels/" + name + ".png"), labels.resolve(name + ".tif"));
		}
		Path model = work.resolve("model");
		List<String> command = List.of("train", "images=" + images, "labels=" + labels, "output=" + model, "depth=2",
			"filters=4", "tile=64", "batch=2", "steps=" + STEPS, "validate-every=5", "validation=0",
			"label-type=binary");
		TrainingFolder folder = TrainingFolder.besideModel(model);
		Random random = new Random(9);
		List<Integer> checkpointsAfterKills = new ArrayList<>();
		for (int kill = 0; kill < 3; kill++) {
			Process process = start(command);
			// wait until this run has checkpointed past where the last one stopped, then kill at a random moment
			int before = folder.hasCheckpoint() ? folder.state().step() : 0;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (process.isAlive() && System.nanoTime() < deadline &&
				!(folder.hasCheckpoint() && folder.state().step() > before))
				Thread.sleep(50);
			Thread.sleep(random.nextInt(400));
			assertTrue(process.isAlive(), "the run was killed before it finished: " + lastLog());
			process.destroyForcibly().waitFor();
			assertFalse(Files.exists(model), "a killed run leaves no model behind");
			assertTrue(folder.hasCheckpoint(), "a checkpoint survives the kill");
			checkpointsAfterKills.add(folder.state().step());
		}
		Process last = start(command);
		assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the resumed run finishes");
		String output = lastLog();
		assertEquals(0, last.exitValue(), output);
		assertTrue(output.contains("resuming from the checkpoint at step " + checkpointsAfterKills.get(2)), output);
		assertTrue(output.contains("after " + STEPS + " steps"), output);
		for (int i = 1; i < checkpointsAfterKills.size(); i++)
			assertTrue(checkpointsAfterKills.get(i) > checkpointsAfterKills.get(i - 1),
				"every run made progress: " + checkpointsAfterKills);
		try (ModelPackage trained = ModelPackage.open(model)) {
			assertEquals(STEPS, ((Number) trained.descriptor().training().get("steps_done")).intValue(),
				trained.descriptor().training().toString());
		}
		CommandLineTest.Result info = CommandLineTest.run("info", "model=" + model);
		assertEquals(0, info.code(), info.err());
	}

	@Test
	void trainingStoppedLikeWithCtrlCStillWritesItsModel() throws Exception {
		Path images = Files.createDirectories(work.resolve("images"));
		Path labels = Files.createDirectories(work.resolve("labels"));
		crop(EM.resolve("images/000.png"), images.resolve("000.tif"));
		crop(EM.resolve("labels/000.png"), labels.resolve("000.tif"));
		Path model = work.resolve("model");
		Process process = start(List.of("train", "images=" + images, "labels=" + labels, "output=" + model, "depth=2",
			"filters=4", "tile=64", "batch=1", "steps=1000000", "validate-every=5", "validation=0"));
		TrainingFolder folder = TrainingFolder.besideModel(model);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (process.isAlive() && System.nanoTime() < deadline && !folder.hasCheckpoint())
			Thread.sleep(50);
		assertTrue(process.isAlive(), "training runs: " + lastLog());
		process.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops training after the step
		assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the stopped run ends");
		String output = lastLog();
		assertTrue(output.contains("cancelled after") && output.contains("model written to " + model), output);
		try (ModelPackage trained = ModelPackage.open(model)) {
			assertEquals("cancelled", trained.descriptor().training().get("stopped"));
		}
	}

	/** Runs {@code unet} with the test's class path in a new JVM, output into a log file. */
	private Process start(List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>(
			List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp",
				System.getProperty("java.class.path"),
				"-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", ""),
				Main.class.getName()));
		command.addAll(arguments);
		Path log = Files.createTempFile(work, "run", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
		Process process = builder.start();
		logs.add(log);
		return process;
	}

	private final List<Path> logs = new ArrayList<>();

	private String lastLog() throws IOException {
		return Files.readString(logs.get(logs.size() - 1));
	}

	private static void crop(Path source, Path target) {
		ImagePlus image = IJ.openImage(source.toString());
		image.setRoi(100, 100, 160, 160);
		assertTrue(IJ.saveAsTiff(image.crop(), target.toString()));
	}
}
