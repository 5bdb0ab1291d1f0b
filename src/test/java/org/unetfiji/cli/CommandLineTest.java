package org.unetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.tensorflow.TensorFlowEngine;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.NpyArray;

import ij.IJ;
import ij.ImagePlus;

/**
 * The command line end to end on real data: train a small model on ISBI 2012 EM crops, inspect it, reload the
 * package in a fresh session (identical outputs on its own test tensors), and segment images with it.
 */
class CommandLineTest {

	private static final Path EM = Path.of("../shared/data/isbi2012-em-membranes");

	@TempDir
	static Path work;
	private static Path model;

	/** Trains once for all tests: 2 EM images cropped to 160², 60 steps. */
	@BeforeAll
	static void trainSmallModel() throws IOException {
		Path images = Files.createDirectories(work.resolve("images"));
		Path labels = Files.createDirectories(work.resolve("labels"));
		for (String name : new String[]{ "000", "001" }) {
			crop(EM.resolve("train/images/" + name + ".png"), images.resolve(name + ".tif"));
			crop(EM.resolve("train/labels/" + name + ".png"), labels.resolve(name + ".tif"));
		}
		model = work.resolve("em-small");
		Result r = run("train", "images=" + images, "labels=" + labels, "output=" + model, "depth=2", "filters=4",
			"steps=60", "tile=64", "batch=2", "lr=0.005", "classes=membrane,cell", "weights=balance", "augment=false",
			"schedule=constant");
		assertEquals(0, r.code, r.err);
		assertTrue(r.out.contains("model written to"), r.out);
	}

	@Test
	void packageReloadsWithIdenticalOutputsOnItsTestTensors() throws IOException {
		try (ModelPackage pkg = ModelPackage.open(model);
			LoadedModel loaded = LoadedModel.load(pkg, new TensorFlowEngine()))
		{
			NpyArray in = pkg.readTestInput();
			NpyArray expected = pkg.readTestOutput();
			FloatTensor out = loaded.network().predict(new FloatTensor(in.data(), in.shape()));
			assertArrayEquals(expected.shape(), out.shape());
			assertArrayEquals(expected.data(), out.data(), "reloaded model must reproduce its test output exactly");
			assertEquals(java.util.List.of("membrane", "cell"), pkg.descriptor().classNames());
			assertEquals(60, pkg.descriptor().training().get("steps"));
		}
	}

	@Test
	void trainingLeavesItsLogCurveAndCheckpointBesideTheModel() throws IOException {
		Path folder = work.resolve("em-small.training");
		assertEquals(2, Files.readAllLines(folder.resolve("log.csv")).size(), "header and the row of step 60");
		assertTrue(Files.size(folder.resolve("learning-curve.png")) > 1000);
		assertTrue(Files.isRegularFile(folder.resolve("checkpoint-0000060/saved_model/saved_model.pb")));
		Result again = run("train", "images=" + work.resolve("images"), "labels=" + work.resolve("labels"),
			"output=" + model);
		assertEquals(2, again.code);
		assertTrue(again.err.contains("exists"), again.err);
	}

	@Test
	void finetuningWithAFrozenEncoderStartsFromTheModel() throws IOException {
		Path tuned = work.resolve("em-tuned");
		Result r = run("train", "images=" + work.resolve("images"), "labels=" + work.resolve("labels"),
			"output=" + tuned, "model=" + model, "freeze-encoder=true", "steps=4", "tile=64", "classes=membrane,cell",
			"validation=0.5", "validate-every=2", "dice=0.5");
		assertEquals(0, r.code, r.err);
		assertTrue(r.out.contains("TensorFlow step"), r.out);
		try (ModelPackage pkg = ModelPackage.open(tuned)) {
			assertEquals(4, pkg.descriptor().training().get("steps_done"));
			assertEquals(0.5, pkg.descriptor().training().get("dice_weight"), "finetuning with the soft Dice term");
			var validation = (java.util.List<?>) pkg.descriptor().training().get("validation_images");
			var training = (java.util.List<?>) pkg.descriptor().training().get("images");
			assertEquals(1, validation.size(), "validation=0.5 holds back one of the two images");
			assertFalse(training.contains(validation.get(0)));
			assertEquals(4, pkg.descriptor().network().get("base_filters"), "the architecture comes from the model");
		}
		r = run("train", "images=" + work.resolve("images"), "labels=" + work.resolve("labels"),
			"output=" + work.resolve("x"), "freeze-encoder=true");
		assertEquals(2, r.code);
		assertTrue(r.err.contains("needs model="), r.err);
	}

	@Test
	void weightmapWritesTheBorderWeightsOfALabelImage() throws IOException {
		Path labels = work.resolve("labels/000.tif");
		Path weights = work.resolve("weights-000.tif");
		Result r = run("weightmap", "labels=" + labels, "output=" + weights, "border-weight=10", "border-sigma=5");
		assertEquals(0, r.code, r.err);
		ImagePlus map = IJ.openImage(weights.toString());
		ImagePlus label = IJ.openImage(labels.toString());
		assertEquals(ImagePlus.GRAY32, map.getType());
		double membraneMax = 0;
		for (int i = 0; i < 160 * 160; i++) {
			float w = map.getProcessor().getf(i);
			if (label.getProcessor().get(i) > 0 && w != 1f) {
				boolean gap = w >= 0.1f;
				assertTrue(gap, "cells weigh 1 unless cut off as gaps between touching cells: " + w);
			}
			if (label.getProcessor().get(i) == 0) membraneMax = Math.max(membraneMax, w);
		}
		assertTrue(membraneMax > 5 && membraneMax <= 11, "membranes between cells weigh up to 1 + w0: " + membraneMax);
		r = run("weightmap", "labels=" + labels, "output=" + labels);
		assertEquals(1, r.code, "never overwrites its input: " + r.err);
	}

	@Test
	void trainsA3dUNetOnSparselyAnnotatedAnisotropicStacks() throws IOException {
		Path data = Path.of("../shared/data/gonuclear-ovule-nuclei-3d/train");
		Path images = Files.createDirectories(work.resolve("stacks/images"));
		Path labels = Files.createDirectories(work.resolve("stacks/labels"));
		ImagePlus image = cropStack(data.resolve("images/1135.tif"));
		ImagePlus label = cropStack(data.resolve("labels/1135.tif"));
		// only every 4th slice annotated, the others marked with the ignore value 999
		for (int z = 1; z <= label.getStackSize(); z++)
			if ((z - 1) % 4 != 0) label.getStack().getProcessor(z).setValue(999);
		for (int z = 1; z <= label.getStackSize(); z++)
			if ((z - 1) % 4 != 0) label.getStack().getProcessor(z).fill();
		assertTrue(IJ.saveAsTiff(image, images.resolve("a.tif").toString()));
		assertTrue(IJ.saveAsTiff(label, labels.resolve("a.tif").toString()));
		Path model3d = work.resolve("nuclei-3d");
		Result r = run("train", "images=" + images, "labels=" + labels, "output=" + model3d, "ignore=999",
			"label-type=instances", "depth=2", "filters=4", "steps=6", "tile=8,32,32", "validation-images=" + images,
			"validation-labels=" + labels, "validate-every=3");
		assertEquals(0, r.code, r.err);
		assertTrue(r.out.contains("3D U-Net, depth 2") && r.out.contains("pooling [[1, 2, 2], [2, 2, 2]]"), r.out);
		try (ModelPackage pkg = ModelPackage.open(model3d)) {
			assertEquals(999, pkg.descriptor().training().get("ignore"));
			assertEquals(6, pkg.descriptor().training().get("steps_done"));
		}
		assertEquals(3, Files.readAllLines(work.resolve("nuclei-3d.training/log.csv")).size());
	}

	/** 16 slices of 48 x 48 pixels from the middle of a stack, calibration kept. */
	private static ImagePlus cropStack(Path file) {
		ImagePlus stack = IJ.openImage(file.toString());
		stack.setRoi(30, 30, 48, 48);
		return new ij.plugin.Duplicator().run(stack, 1, 1, 40, 55, 1, 1);
	}

	@Test
	void infoDescribesTheModel() {
		Result r = run("info", "model=" + model);
		assertEquals(0, r.code, r.err);
		assertTrue(r.out.contains("U-Net 2D, depth 2, 4 base filters"), r.out);
		assertTrue(r.out.contains("membrane, cell"), r.out);
	}

	@Test
	void segmentWritesProbabilitiesLabelsAndOverlayForEachImage() throws IOException {
		Path in = Files.createDirectories(work.resolve("to-segment"));
		Files.copy(EM.resolve("test/images/020.png"), in.resolve("020.png"));
		Files.write(in.resolve("broken.tif"), new byte[]{ 'I', 'I', 42, 0, 1, 2 });
		Path out = work.resolve("segmented");
		Result r = run("segment", "model=" + model, "input=" + in, "output=" + out);
		assertEquals(1, r.code, "one bad file makes the exit code 1: " + r.err);
		assertTrue(r.err.contains("skipped broken.tif"), r.err);
		assertTrue(r.out.contains("segmented 1 of 2"), r.out);
		Hyperstack<?> probabilities = ImageFiles.read(out.resolve("020.probabilities.tif"));
		assertEquals(512, probabilities.sizeX());
		assertEquals(2, probabilities.sizeC());
		Hyperstack<?> labels = ImageFiles.read(out.resolve("020.labels.tif"));
		assertEquals(1, labels.sizeC());
		ImagePlus overlay = IJ.openImage(out.resolve("020.overlay.png").toString());
		assertEquals(ImagePlus.COLOR_RGB, overlay.getType());
		// the model, trained briefly, must still find both membranes and cells on an unseen image
		ImagePlus labelImage = IJ.openImage(out.resolve("020.labels.tif").toString());
		var stats = labelImage.getStatistics();
		assertTrue(stats.mean > 0.3 && stats.mean < 0.95, "fraction of cell pixels " + stats.mean);
	}

	@Test
	void wrongCallsGiveOneLineAndExitCode2() {
		Result r = run("segment", "model=" + model, "input=" + work.resolve("nothing-here"),
			"output=" + work.resolve("o"));
		assertEquals(2, r.code);
		assertTrue(r.err.contains("does not exist"), r.err);
		r = run("segment", "model=no-such-model", "input=" + EM.resolve("test/images"), "output=" + work.resolve("o"));
		assertEquals(1, r.code);
		assertTrue(r.err.startsWith("unet segment: ") && r.err.strip().lines().count() == 1, r.err);
		r = run("info", "model=" + model, "tile=-3");
		assertEquals(2, r.code);
		assertTrue(r.err.contains("unknown parameter(s) [tile]"), r.err);
		r = run("train", "images=x", "labels=y", "output=" + work.resolve("z"), "steps=ten");
		assertEquals(2, r.code);
		assertTrue(r.err.contains("steps=ten is not a whole number"), r.err);
		r = run("frobnicate");
		assertEquals(2, r.code);
		assertFalse(run("help").out.isEmpty());
	}

	@Test
	void segmentRefusesTheInputFolderAsOutput() {
		Result r = run("segment", "model=" + model, "input=" + work.resolve("images"),
			"output=" + work.resolve("images"));
		assertEquals(2, r.code);
		assertTrue(r.err.contains("is the input folder"), r.err);
	}

	/** Saves the 160² crop at (100, 100) of an image as TIFF. */
	static void crop(Path source, Path target) throws IOException {
		ImagePlus image = IJ.openImage(source.toString());
		image.setRoi(100, 100, 160, 160);
		ImagePlus cropped = image.crop();
		assertTrue(IJ.saveAsTiff(cropped, target.toString()));
	}

	@Test
	void exportWritesACopyWithOnnxWeightsBesideTheModel() throws IOException {
		String rdf = Files.readString(model.resolve("rdf.yaml"));
		Result r = run("export", "model=" + model, "format=onnx");
		assertEquals(0, r.code, r.err);
		Path copy = model.resolveSibling(model.getFileName() + "-onnx");
		assertTrue(r.out.contains("ONNX weights written to " + copy.resolve("weights.onnx")), r.out);
		assertTrue(r.out.contains("reproduces the test output within"), r.out);
		assertEquals(rdf, Files.readString(model.resolve("rdf.yaml")), "the model itself is left as it is");
		Result info = run("info", "model=" + copy);
		assertTrue(info.out.contains("weights:        ONNX, opset 17"), info.out);
		Result again = run("export", "model=" + model);
		assertEquals(1, again.code);
		assertTrue(again.err.contains("already exists"), again.err);
		Result wrong = run("export", "model=" + model, "format=torchscript");
		assertEquals(2, wrong.code);
		assertTrue(wrong.err.contains("format=torchscript is not supported; use format=onnx"), wrong.err);
	}

	record Result(int code, String out, String err) {}

	/** Runs {@link Main#run} in this JVM and captures its exit code, standard output and standard error. */
	static Result run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
			new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}
}
