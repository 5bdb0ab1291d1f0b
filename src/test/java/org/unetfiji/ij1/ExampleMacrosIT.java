package org.unetfiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * The example macros in {@code macros/}, run by real ImageJ 1.x in the ImageJ folder that the build installed
 * the plugin into, which also holds protobuf-java 4.28.2 and the legacy {@code libtensorflow} 1.15 jar on its
 * class path ({@code jars/}), as a Fiji may. Training, SavedModel export and load, and segmentation all work there
 * because the engine runs in its own class loader; with the same jars on one flat class path they fail.
 */
class ExampleMacrosIT {

	private static final Path EM = Path.of("../shared/data/isbi2012-em-membranes").toAbsolutePath();
	private static final Path MACROS = Path.of("macros");

	@TempDir
	static Path work;

	@BeforeAll
	static void install() throws IOException {
		if (!ImageJProcess.hasDisplay()) return;
		ImageJProcess.install(ImageJProcess.APP);
		for (String conflicting : List.of("protobuf-java-4.28.2.jar", "libtensorflow-1.15.0.jar"))
			assertTrue(Files.isRegularFile(ImageJProcess.APP.resolve("jars").resolve(conflicting)), conflicting);
	}

	/** Skips each test, with a warning, where ImageJ can get no display (and that is allowed). */
	@BeforeEach
	void display() {
		ImageJProcess.requireDisplay("ExampleMacrosIT");
	}

	@Test
	void segmentCurrentImage() throws Exception {
		Path out = work.resolve("current");
		String log = ImageJProcess.runMacro(ImageJProcess.APP, MACROS.resolve("segment-current-image.ijm"),
			"image=" + Path.of("sample-images/isbi2012-em-020.png").toAbsolutePath() + " output=" + out);

		assertTrue(log.contains("segmented isbi2012-em-020.png with em-membranes-2d: classes 0..1"), log);
		ImagePlus labels = IJ.openImage(out.resolve("isbi2012-em-020.labels.tif").toString());
		assertEquals(512, labels.getWidth());
		ImagePlus probabilities = IJ.openImage(out.resolve("isbi2012-em-020.probabilities.tif").toString());
		assertEquals(2, probabilities.getNChannels());
		assertEquals("membrane", probabilities.getStack().getSliceLabel(1));
		assertTrue(Files.size(out.resolve("isbi2012-em-020.overlay.png")) > 10_000);
	}

	@Test
	void segmentFolder() throws Exception {
		Path in = Files.createDirectories(work.resolve("folder-in"));
		for (String name : List.of("020.png", "021.png"))
			Files.copy(EM.resolve("test/images").resolve(name), in.resolve(name));
		Path out = work.resolve("folder-out");
		String log = ImageJProcess.runMacro(ImageJProcess.APP, MACROS.resolve("segment-folder.ijm"),
			"input=" + in + " output=" + out);

		assertTrue(log.contains("segmented 2 of 2 image(s)"), log);
		for (String name : List.of("020", "021"))
			for (String suffix : List.of(".probabilities.tif", ".labels.tif", ".overlay.png"))
				assertTrue(Files.isRegularFile(out.resolve(name + suffix)), name + suffix + "\n" + log);
	}

	@Test
	void evaluateASegmentationAgainstTheExpertsLabels() throws Exception {
		Path csv = work.resolve("evaluation/metrics.csv");
		String log = ImageJProcess.runMacro(ImageJProcess.APP, MACROS.resolve("evaluate.ijm"), "image=" +
			EM.resolve("test/images/020.png") + " truth=" + EM.resolve("test/labels/020.png") + " output=" + csv);

		Matcher metrics = Pattern.compile("pixel accuracy (\\S+), mean IoU (\\S+), Rand error (\\S+)").matcher(log);
		assertTrue(log.contains("evaluated the segmentation of 020 against 020.png") && metrics.find(), log);
		double accuracy = Double.parseDouble(metrics.group(1));
		double rand = Double.parseDouble(metrics.group(3));
		assertTrue(accuracy > 0.8 && accuracy <= 1, "pixel accuracy " + accuracy + "\n" + log);
		assertTrue(rand > 0 && rand < 0.5, "Rand error " + rand + "\n" + log);
		List<String> rows = Files.readAllLines(csv);
		assertTrue(rows.get(0).startsWith("image,pixel_accuracy,") && rows.get(1).startsWith("020,") &&
			rows.get(2).startsWith("overall,"), String.join("\n", rows));
	}

	@Test
	void finetuneTheBundledModelIntoANewOne() throws Exception {
		Path model = work.resolve("finetuned-model");
		String log = ImageJProcess.runMacro(ImageJProcess.APP, MACROS.resolve("finetune-model.ijm"), "images=" +
			EM.resolve("train/images") + " labels=" + EM.resolve("train/labels") + " output=" + model + " steps=5");

		assertTrue(log.contains("completed after 5 steps") && log.contains("model written to " + model), log);
		assertTrue(log.contains("segmented 000.png with the finetuned model: classes 0..1"), log);
	}

	@Test
	void trainFromFolderBesideConflictingJars() throws Exception {
		Path model = work.resolve("isolated-model");
		String log = trainMacro(ImageJProcess.APP, model);

		assertTrue(log.contains("completed after 10 steps") && log.contains("model written to " + model), log);
		assertTrue(Files.isRegularFile(model.resolve("saved_model/saved_model.pb")), log);
		assertTrue(log.contains("training:       10 steps"), log);
		assertTrue(log.contains("segmented 000.png with the new model: classes 0..1"), log);
	}

	@Test
	void theSameJarsOnOneFlatClassPathFail() throws Exception {
		Path flat = work.resolve("flat-imagej");
		Files.createDirectories(flat.resolve("jars"));
		Files.createDirectories(flat.resolve("plugins"));
		Files.createSymbolicLink(flat.resolve("ij.jar"), ImageJProcess.APP.resolve("ij.jar"));
		link(ImageJProcess.APP.resolve("plugins"), flat.resolve("plugins"));
		link(ImageJProcess.APP.resolve("jars"), flat.resolve("jars"));
		// as on a Fiji whose class path pins protobuf 4: the engine's jars, except its own protobuf, beside them
		// (a library that both folders hold, e.g. gson, is there once)
		try (var engine = Files.list(ImageJProcess.APP.resolve("lib/unet-fiji-engine"))) {
			for (Path jar : engine.filter(p -> !p.getFileName().toString().startsWith("protobuf")).toList())
				if (!Files.exists(flat.resolve("jars").resolve(jar.getFileName())))
					Files.createSymbolicLink(flat.resolve("jars").resolve(jar.getFileName()), jar);
		}
		Path model = work.resolve("flat-model");
		String log = trainMacro(flat, model);

		assertFalse(log.contains("model written to"), log);
		assertFalse(Files.exists(model.resolve("rdf.yaml")), log);
		assertTrue(log.contains("NoSuchMethodError") || log.contains("IncompatibleClassChangeError") ||
			log.contains("NoClassDefFoundError") || log.contains("cannot start TensorFlow"), log);
	}

	private static String trainMacro(Path app, Path model) throws Exception {
		return ImageJProcess.runMacro(app, MACROS.resolve("train-from-folder.ijm"), "images=" +
			EM.resolve("train/images") + " labels=" + EM.resolve("train/labels") + " output=" + model + " steps=10");
	}

	private static void link(Path fromFolder, Path toFolder) throws IOException {
		try (var files = Files.list(fromFolder)) {
			for (Path file : files.toList())
				Files.createSymbolicLink(toFolder.resolve(file.getFileName()), file);
		}
	}
}
