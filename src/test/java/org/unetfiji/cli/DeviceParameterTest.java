package org.unetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.cli.CommandLineTest.Result;
import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engines;

import ij.IJ;
import ij.ImagePlus;

/**
 * {@code device=} in {@code ./unet segment} and {@code ./unet train} with real TensorFlow: the log says which device
 * ran; on a machine without a usable GPU (this build's CPU-only natives, or no driver) an explicit GPU fails with the
 * reason before any file is written, and {@code auto} runs on the CPU with a line saying why.
 */
class DeviceParameterTest {

	private static final Path EM = Path.of("../shared/data/isbi2012-em-membranes");
	private static final String MODEL = "model=models/em-membranes-2d";

	@TempDir
	static Path work;
	private static Path image;

	@BeforeAll
	static void cropAnImage() {
		ImagePlus section = IJ.openImage(EM.resolve("test/images/020.png").toString());
		section.setRoi(0, 0, 192, 192);
		image = work.resolve("020.tif");
		assertTrue(IJ.saveAsTiff(section.crop(), image.toString()));
	}

	@Test
	void wrongValuesAreOneLineSayingWhatIsAllowed() {
		Result r = CommandLineTest.run("segment", MODEL, "input=" + image, "output=" + work.resolve("x"),
			"device=gpu:x");
		assertEquals(2, r.code());
		assertEquals("unet segment: device=gpu:x is not valid; use device=auto, device=cpu, device=gpu or " +
			"device=gpu:N with N = 0, 1, ... (the GPU's number)\n", r.err());
		r = CommandLineTest.run("train", "images=" + work, "labels=" + work, "output=" + work.resolve("m"),
			"device=tpu");
		assertEquals(2, r.code());
		assertTrue(r.err().startsWith("unet train: device=tpu is not valid; use device=auto"), r.err());
		assertFalse(Files.exists(work.resolve("x")));
	}

	@Test
	void segmentOnTheCpuSaysSo() {
		Path out = work.resolve("cpu");
		Result r = CommandLineTest.run("segment", MODEL, "input=" + image, "output=" + out, "device=cpu");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.err().startsWith("device: CPU (TensorFlow "), r.err());
		assertFalse(r.err().contains("device=auto"), r.err());
		assertTrue(Files.isRegularFile(out.resolve("020.probabilities.tif")));
	}

	@Test
	void withoutAUsableGpuAutoRunsOnTheCpuSayingWhy() {
		Device auto = autoDevice();
		Path out = work.resolve("auto");
		Result r = CommandLineTest.run("segment", MODEL, "input=" + image, "output=" + out);
		assertEquals(0, r.code(), r.err());
		assertTrue(
			r.err().startsWith("device: CPU (TensorFlow ") && r.err()
				.contains("\ndevice=auto: no GPU used: " + auto.note().substring("no GPU used: ".length()) + "\n"),
			r.err());
		assertTrue(Files.isRegularFile(out.resolve("020.labels.tif")));
	}

	@Test
	void withoutAUsableGpuAnExplicitGpuFailsBeforeWritingAnything() {
		String reason = autoDevice().note().substring("no GPU used: ".length());
		Path out = work.resolve("gpu");
		Result r = CommandLineTest.run("segment", MODEL, "input=" + image, "output=" + out, "device=gpu");
		assertEquals(1, r.code());
		assertEquals("unet segment: device=gpu:0: no GPU can be used: " + reason + "; device=cpu runs on the CPU\n",
			r.err());
		assertFalse(Files.exists(out));
		if (reason.contains("CPU-only natives")) assertTrue(reason.contains("-Pgpu"), reason);

		Path model = work.resolve("model");
		r = CommandLineTest.run("train", "images=" + EM.resolve("train/images"), "labels=" + EM.resolve("train/labels"),
			"output=" + model, "steps=1", "device=gpu:0");
		assertEquals(1, r.code());
		assertTrue(r.err().startsWith("unet train: device=gpu:0: no GPU can be used: "), r.err());
		assertFalse(Files.exists(model));
		assertFalse(Files.exists(work.resolve("model.training")));
	}

	@Test
	void trainingSaysTheDevice() throws IOException {
		Path images = Files.createDirectories(work.resolve("train/images"));
		Path labels = Files.createDirectories(work.resolve("train/labels"));
		Files.copy(image, images.resolve("a.tif"));
		ImagePlus label = IJ.openImage(EM.resolve("test/labels/020.png").toString());
		label.setRoi(0, 0, 192, 192);
		assertTrue(IJ.saveAsTiff(label.crop(), labels.resolve("a.tif").toString()));
		Result r = CommandLineTest.run("train", "images=" + images, "labels=" + labels,
			"output=" + work.resolve("tiny"), "depth=1", "filters=2", "steps=2", "tile=32", "batch=1", "validation=0",
			"device=cpu");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.err().startsWith("device: CPU (TensorFlow "), r.err());
		assertTrue(r.out().contains("model written to"), r.out());
	}

	private static Device autoDevice() {
		Device auto = Engines.tensorFlow().on(DeviceChoice.AUTO).device();
		assumeFalse(auto.isGpu(), "this machine has a usable GPU");
		return auto;
	}
}
