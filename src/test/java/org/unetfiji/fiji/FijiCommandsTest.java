package org.unetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.unetfiji.cli.Main;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;

/**
 * The SciJava commands headless, exactly as Fiji's {@code --headless --run} runs them (a {@link Context} and the
 * {@link CommandService}), on real ISBI 2012 EM sections with the bundled model, and on a small model trained here.
 */
class FijiCommandsTest {

	private static final Path EM = Path.of("../shared/data/isbi2012-em-membranes");
	private static final String BUNDLED = "em-membranes-2d";

	@TempDir
	static Path work;
	private static Context context;
	private static final List<StatusEvent> statusEvents = new ArrayList<>();
	/** Held here: the event service keeps only weak references to subscribers. */
	private static final Object statusListener = new Object() {

		@EventHandler
		void onStatus(StatusEvent e) {
			synchronized (statusEvents) {
				statusEvents.add(e);
			}
		}
	};

	@BeforeAll
	static void startContext() {
		context = new Context(CommandService.class, StatusService.class, LogService.class, EventService.class);
		context.service(EventService.class).subscribe(statusListener);
	}

	@AfterAll
	static void stopContext() {
		context.dispose();
	}

	@Test
	void segmentsTheCurrentImageLikeTheCommandLineAndKeepsCalibration() throws Exception {
		ImagePlus section = crop(EM.resolve("test/images/020.png"), 256);
		section.getCalibration().pixelWidth = 0.25;
		section.getCalibration().pixelHeight = 0.25;
		section.getCalibration().setUnit("micron");
		Object before = ((byte[]) section.getProcessor().getPixels()).clone();

		// headless there is no ROI Manager: roi-manager is skipped with a note, the images come all the same
		Module m = run(UNetSegment.class, "image", section, "model", BUNDLED, "overlay", true, "roiManager", true);

		ImagePlus probabilities = (ImagePlus) m.getOutput("probabilities");
		ImagePlus labels = (ImagePlus) m.getOutput("labels");
		ImagePlus picture = (ImagePlus) m.getOutput("picture");
		assertEquals("020 probabilities", probabilities.getTitle());
		assertEquals(2, probabilities.getNChannels());
		assertEquals(32, probabilities.getBitDepth());
		assertEquals("membrane", probabilities.getStack().getSliceLabel(1));
		assertEquals("cell", probabilities.getStack().getSliceLabel(2));
		for (ImagePlus out : List.of(probabilities, labels)) {
			assertEquals(256, out.getWidth());
			assertEquals(0.25, out.getCalibration().pixelWidth);
			assertEquals("µm", out.getCalibration().getUnit());
		}
		assertEquals(ImagePlus.COLOR_RGB, picture.getType());
		assertArrayEquals((byte[]) before, (byte[]) section.getProcessor().getPixels(), "the input must not change");

		// the same image through ./unet segment gives the same labels
		Path file = work.resolve("section.tif");
		IJ.saveAsTiff(section, file.toString());
		Path cli = work.resolve("cli");
		assertEquals(0, Main.run(new String[]{ "segment", "model=" + BUNDLED, "input=" + file, "output=" + cli },
			System.out, System.err));
		ImagePlus cliLabels = IJ.openImage(cli.resolve("section.labels.tif").toString());
		assertArrayEquals(pixels(cliLabels.getProcessor()), pixels(labels.getProcessor()));

		// and it agrees with the expert's membranes on most pixels (label 0 = membrane in the ground truth)
		ImageProcessor truth = crop(EM.resolve("test/labels/020.png"), 256).getProcessor();
		int agree = 0;
		for (int i = 0; i < 256 * 256; i++)
			if ((truth.get(i) > 0 ? 1 : 0) == labels.getProcessor().get(i)) agree++;
		assertTrue(agree > 0.8 * 256 * 256, "pixel agreement with the ground truth " + agree / 65536.0);
	}

	@Test
	void segmentsEveryFrameOfATimeSeries() throws Exception {
		ImagePlus first = crop(EM.resolve("test/images/021.png"), 128);
		ImagePlus second = crop(EM.resolve("test/images/022.png"), 128);
		ImageStack stack = new ImageStack(128, 128);
		stack.addSlice(first.getProcessor());
		stack.addSlice(second.getProcessor());
		ImagePlus series = new ImagePlus("series", stack);
		series.setDimensions(1, 1, 2);

		ImagePlus labels = (ImagePlus) run(UNetSegment.class, "image", series, "model", BUNDLED).getOutput("labels");
		ImagePlus alone = (ImagePlus) run(UNetSegment.class, "image", second, "model", BUNDLED).getOutput("labels");

		assertEquals(2, labels.getNFrames());
		assertEquals(1, labels.getNSlices());
		assertArrayEquals(pixels(alone.getProcessor()), pixels(labels.getStack().getProcessor(2)));
	}

	@Test
	void aPublishedModelWithOneProbabilityGetsNamedChannelsAndTheThreshold() throws Exception {
		ImagePlus nuclei = crop(Path.of("../shared/data/dsb2018-stardist-nuclei-2d/test/images/001.tif"), 128);
		Path model = Path.of("../shared/models-external/unet2d_nuclei_broad").toAbsolutePath();
		Module half = run(UNetSegment.class, "image", nuclei, "model", model.toString(), "engine", "onnx");
		ImagePlus probabilities = (ImagePlus) half.getOutput("probabilities");
		assertEquals(2, probabilities.getNChannels());
		assertEquals("background", probabilities.getStack().getSliceLabel(1));
		assertEquals("probability", probabilities.getStack().getSliceLabel(2));
		Module confident = run(UNetSegment.class, "image", nuclei, "model", model.toString(), "engine", "onnx",
			"threshold", "0.9");
		float[] foreground = (float[]) probabilities.getStack().getProcessor(2).getPixels();
		for (Module m : List.of(half, confident)) {
			double threshold = m == half ? 0.5 : 0.9;
			ImageProcessor labels = ((ImagePlus) m.getOutput("labels")).getProcessor();
			for (int i = 0; i < foreground.length; i++)
				assertEquals(foreground[i] > threshold ? 1 : 0, labels.get(i), "pixel " + i + ", " + threshold);
		}
	}

	@Test
	void missingOrWrongParametersAreClearErrorsNotSilentCancellations() {
		ImagePlus section = crop(EM.resolve("test/images/020.png"), 64);
		assertEquals("missing parameter model=... (a model name from the models folder, or a path)",
			failure(UNetSegment.class, "image", section));
		String unknown = failure(UNetSegment.class, "image", section, "model", "no-such-model");
		assertTrue(unknown.contains("No model named 'no-such-model'") && unknown.contains(BUNDLED), unknown);
		assertTrue(failure(UNetBatchSegment.class, "model", BUNDLED, "output", work.resolve("x").toFile())
			.startsWith("missing parameter input="));
		assertTrue(failure(UNetTrain.class, "images", EM.resolve("train/images").toFile())
			.startsWith("missing parameter labels="));
		assertTrue(failure(UNetTrain.class, "images", work.toFile(), "labels", work.toFile(), "output",
			work.resolve("m").toFile(), "steps", 0).contains("steps=0 is out of range"));
		String weights = failure(UNetTrain.class, "images", EM.resolve("train/images").toFile(), "labels",
			EM.resolve("train/labels").toFile(), "output", work.resolve("w").toFile(), "weights", "x");
		assertTrue(weights.startsWith("weights=x is not one of"), weights);
		assertTrue(failure(UNetSegment.class, "image", section, "model", BUNDLED, "device", "gpu:x")
			.startsWith("device=gpu:x is not valid"));
		assertTrue(failure(UNetSegment.class, "image", section, "model", BUNDLED, "threshold", "1")
			.startsWith("threshold=1.0 is out of range"));
		// the post-processing field takes ./unet segment's words
		String misspelt = failure(UNetSegment.class, "image", section, "model", BUNDLED, "postprocessing",
			"instances=watershed seed-distanse=6");
		assertTrue(misspelt.startsWith("unknown parameter(s) [seed-distanse]"), misspelt);
		// this build has TensorFlow's CPU natives: an explicit GPU is an error with the reason, never a silent CPU run
		String noGpu = failure(UNetSegment.class, "image", section, "model", BUNDLED, "device", "gpu");
		assertTrue(noGpu.contains("CPU-only natives"), noGpu);
		Path out = work.resolve("no-gpu-out");
		String batch = failure(UNetBatchSegment.class, "model", BUNDLED, "input",
			EM.resolve("test/images/020.png").toFile(), "output", out.toFile(), "device", "gpu");
		assertTrue(batch.contains("CPU-only natives"), batch);
		assertFalse(Files.exists(out), "nothing written");
	}

	@Test
	void badImagesAreOneClearErrorAndStayUnchanged() throws Exception {
		ImagePlus section = crop(EM.resolve("test/images/020.png"), 64);
		ImageStack slices = new ImageStack(64, 64);
		for (int z = 0; z < 3; z++)
			slices.addSlice(section.getProcessor().duplicate());
		ImagePlus stack = new ImagePlus("stack", slices);
		ImagePlus channels = new ImagePlus("channels", slices.duplicate());
		channels.setDimensions(3, 1, 1);
		ImagePlus nan = new ImagePlus("nan", section.getProcessor().convertToFloatProcessor());
		nan.getProcessor().setf(5, 5, Float.NaN);
		ImagePlus rgb = new ImagePlus("rgb", section.getProcessor().convertToRGB());
		Map<ImagePlus, String> reasons = Map.of(stack, "3-slice stack", channels, "channel", nan, "NaN", rgb, "RGB");
		for (Map.Entry<ImagePlus, String> bad : reasons.entrySet()) {
			ImagePlus image = bad.getKey();
			List<int[]> before = planes(image);
			String message = failure(UNetSegment.class, "image", image, "model", BUNDLED);
			assertTrue(message.contains(bad.getValue()) && !message.contains("Exception") && !message.contains("\n"),
				image.getTitle() + ": " + message);
			List<int[]> after = planes(image);
			for (int i = 0; i < before.size(); i++)
				assertArrayEquals(before.get(i), after.get(i), image.getTitle() + " was changed");
		}
		ImagePlus tiny = new ImagePlus("tiny", section.getProcessor().resize(3, 2));
		ImagePlus labels = (ImagePlus) run(UNetSegment.class, "image", tiny, "model", BUNDLED).getOutput("labels");
		assertEquals(3, labels.getWidth());
		assertEquals(2, labels.getHeight());
	}

	private static List<int[]> planes(ImagePlus image) {
		List<int[]> planes = new ArrayList<>();
		for (int i = 1; i <= image.getStackSize(); i++)
			planes.add(pixels(image.getStack().getProcessor(i)));
		return planes;
	}

	@Test
	void batchSegmentsAFolderAndSkipsABadFile() throws Exception {
		Path in = Files.createDirectories(work.resolve("batch-in"));
		IJ.saveAsTiff(crop(EM.resolve("test/images/023.png"), 96), in.resolve("a.tif").toString());
		IJ.saveAsTiff(crop(EM.resolve("test/images/024.png"), 96), in.resolve("b.tif").toString());
		Files.writeString(in.resolve("broken.tif"), "not an image", StandardCharsets.UTF_8);
		Path out = work.resolve("batch-out");

		String report = (String) run(UNetBatchSegment.class, "model", BUNDLED, "input", in.toFile(), "output",
			out.toFile()).getOutput("report");

		assertTrue(report.contains("segmented 2 of 3 image(s)"), report);
		for (String name : List.of("a", "b"))
			for (String suffix : List.of(".probabilities.tif", ".labels.tif", ".overlay.png"))
				assertTrue(Files.isRegularFile(out.resolve(name + suffix)), name + suffix);
		assertFalse(Files.exists(out.resolve("broken.labels.tif")));
		assertTrue(failure(UNetBatchSegment.class, "model", BUNDLED, "input", in.toFile(), "output", in.toFile())
			.contains("is the input folder"));
		assertTrue(statusArrives(e -> e.getProgressMaximum() == 3 && e.getProgressValue() == 2 &&
			e.getStatusMessage().equals("[2/3] b.tif")), "progress 2 of 3 files reported");
	}

	@Test
	void trainsAModelThatInfoDescribesAndSegmentUses() throws Exception {
		Path images = trainingPairs("train", "images");
		Path labels = trainingPairs("train", "labels");
		Path model = work.resolve("em-tiny");
		String report = (String) run(UNetTrain.class, "images", images.toFile(), "labels", labels.toFile(), "output",
			model.toFile(), "depth", 2, "filters", 4, "steps", 8, "tile", "64", "batch", 1, "lr", 0.005, "classes",
			"membrane,cell").getOutput("report");
		assertTrue(report.contains("model written to " + model), report);
		assertTrue(Files.isRegularFile(model.resolve("rdf.yaml")));

		String info = (String) run(UNetModelInfo.class, "model", model.toString()).getOutput("info");
		assertTrue(info.contains("U-Net 2D, depth 2, 4 base filters"), info);
		assertTrue(info.contains("training:       8 steps"), info);
		String list = (String) run(UNetModelInfo.class).getOutput("info");
		assertTrue(list.contains(BUNDLED), list);

		ImagePlus labelImage = (ImagePlus) run(UNetSegment.class, "image", crop(EM.resolve("test/images/020.png"), 64),
			"model", model.toString()).getOutput("labels");
		assertEquals(64, labelImage.getWidth());
	}

	@Test
	@Timeout(120) // a cancel that is lost would otherwise train for a million steps
	void cancellingStopsTrainingAndWritesNoModel() throws Exception {
		Path model = work.resolve("never");
		Map<String, Object> inputs = inputs("images", EM.resolve("train/images").toFile(), "labels",
			EM.resolve("train/labels").toFile(), "output", model.toFile(), "depth", 2, "filters", 4, "steps", 1_000_000,
			"tile", "64");
		ModuleService modules = context.service(ModuleService.class);
		CommandModule module = (CommandModule) modules
			.createModule(context.service(CommandService.class).getCommand(UNetTrain.class));
		Future<Module> running = modules.run(module, true, inputs);
		Thread.sleep(3000);
		long start = System.nanoTime();
		module.cancel("test");
		running.get();
		assertTrue(module.isCanceled());
		assertTrue((System.nanoTime() - start) / 1e9 < 20, "cancelled promptly");
		assertTrue(module.getCancelReason().contains("cancelled"), module.getCancelReason());
		assertFalse(Files.exists(model));
		assertNull(module.getOutput("report"));
	}

	@Test
	void finetunesIntoANewModelFromFoldersOrOpenImagesAndNeverChangesTheSource() throws Exception {
		Path source = Path.of("models", BUNDLED);
		Map<Path, String> before = checksums(source);
		Path images = trainingPairs("finetune", "images");
		Path labels = trainingPairs("finetune", "labels");
		Path tuned = work.resolve("em-tuned");

		String report = (String) run(UNetFinetune.class, "model", BUNDLED, "freezeEncoder", true, "images",
			images.toFile(), "labels", labels.toFile(), "output", tuned.toFile(), "steps", 4, "tile", "64", "batch", 1,
			"classes", "membrane,cell").getOutput("report");

		assertTrue(report.contains("after 4 steps") && report.contains("model written to " + tuned), report);
		String info = (String) run(UNetModelInfo.class, "model", tuned.toString()).getOutput("info");
		assertTrue(info.contains("U-Net 2D, depth 4, 8 base filters"), "the source's network: " + info);
		assertTrue(info.contains("training:       4 steps"), info);

		// the current image and its label image, named by their titles, as in a macro
		ImagePlus image = crop(EM.resolve("train/images/002.png"), 96);
		ImagePlus label = crop(EM.resolve("train/labels/002.png"), 96);
		label.setTitle("002 labels");
		Path fromOpenImages = work.resolve("em-tuned-open");
		withOpenImages(() -> run(UNetFinetune.class, "model", BUNDLED, "images", new File(image.getTitle()), "labels",
			new File(label.getTitle()), "output", fromOpenImages.toFile(), "steps", 2, "tile", "64", "batch", 1,
			"classes", "membrane,cell"), image, label);
		assertTrue(Files.isRegularFile(fromOpenImages.resolve("rdf.yaml")));
		assertTrue(Files.readString(fromOpenImages.resolve("rdf.yaml")).contains("002.tif"), "trained on image 002");

		assertTrue(failure(UNetFinetune.class, "model", BUNDLED, "images", images.toFile(), "labels", labels.toFile(),
			"output", source.toFile()).contains("exists; choose a new folder"));
		assertEquals(before, checksums(source), "the source model is unchanged");
		assertTrue(failure(UNetFinetune.class, "images", images.toFile(), "labels", labels.toFile(), "output",
			work.resolve("no-model").toFile()).startsWith("missing parameter model="));
	}

	@Test
	void evaluatesASegmentationAgainstTheExpertsLabelsIntoAResultsTable() throws Exception {
		ImagePlus labels = (ImagePlus) run(UNetSegment.class, "image", crop(EM.resolve("test/images/020.png"), 256),
			"model", BUNDLED).getOutput("labels");
		ImagePlus truth = crop(EM.resolve("test/labels/020.png"), 256);
		Path csv = work.resolve("evaluation/metrics.csv");

		Module m = withOpenImages(() -> run(UNetEvaluate.class, "prediction", labels.getTitle(), "truth",
			truth.getTitle(), "output", csv.toFile()), labels, truth);

		ResultsTable table = (ResultsTable) m.getOutput("table");
		assertEquals(List.of("020", "overall"),
			List.of(table.getStringValue("image", 0), table.getStringValue("image", 1)));
		double accuracy = table.getValue("pixel_accuracy", 0);
		assertTrue(accuracy > 0.8 && accuracy <= 1, "pixel accuracy " + accuracy);
		assertEquals(1 - accuracy, table.getValue("pixel_error", 0), 1e-9, "membrane metrics of a mask");
		double rand = table.getValue("rand_error", 0);
		assertTrue(rand > 0 && rand < 0.5, "Rand error " + rand);
		assertTrue(((String) m.getOutput("report")).contains("pixel_accuracy"));

		// the same metrics as ./unet evaluate on the same images saved as files
		Path files = Files.createDirectories(work.resolve("evaluation/files"));
		IJ.saveAsTiff(labels, files.resolve("prediction.tif").toString());
		IJ.saveAsTiff(truth, files.resolve("020.tif").toString());
		Path cliCsv = work.resolve("evaluation/cli.csv");
		assertEquals(0, Main.run(new String[]{ "evaluate", "prediction=" + files.resolve("prediction.tif"),
			"truth=" + files.resolve("020.tif"), "output=" + cliCsv }, System.out, System.err));
		assertEquals(Files.readString(cliCsv), Files.readString(csv));
		// files work as well as open images
		ResultsTable fromFiles = (ResultsTable) run(UNetEvaluate.class, "prediction",
			files.resolve("prediction.tif").toString(), "truth", files.resolve("020.tif").toString(), "metrics",
			"semantic").getOutput("table");
		assertEquals(accuracy, fromFiles.getValue("pixel_accuracy", 0));
		assertFalse(fromFiles.columnExists("rand_error"), "only the metrics asked for");
	}

	@Test
	void evaluationErrorsAreClear() throws Exception {
		ImagePlus prediction = crop(EM.resolve("test/labels/021.png"), 128);
		ImagePlus truth = crop(EM.resolve("test/labels/021.png"), 256);
		truth.setTitle("truth 021.png");
		String sizes = withOpenImages(
			() -> failure(UNetEvaluate.class, "prediction", prediction.getTitle(), "truth", truth.getTitle()),
			prediction, truth);
		assertTrue(sizes.contains("is 256×256 px but prediction") && sizes.contains("128×128 px"), sizes);
		assertTrue(failure(UNetEvaluate.class, "prediction", "no such image").startsWith("missing parameter truth="));
		String unknown = failure(UNetEvaluate.class, "prediction", "no such image", "truth",
			EM.resolve("test/labels").toString());
		assertTrue(unknown.contains("prediction=no such image is neither the title of an open image nor a file"),
			unknown);
		assertTrue(failure(UNetEvaluate.class, "prediction", EM.resolve("test/labels").toString(), "truth",
			EM.resolve("test/labels").toString(), "ignore", "x")
			.contains("ignore=x is neither none nor a whole number"));
	}

	@Test
	void weightMapOfRealNucleiWeighsTheGapsBetweenTouchingNucleiHighest() throws Exception {
		ImagePlus nuclei = IJ
			.openImage(Path.of("../shared/data/dsb2018-stardist-nuclei-2d/test/labels/001.tif").toString());
		nuclei.getCalibration().pixelWidth = 0.5;
		nuclei.getCalibration().pixelHeight = 0.5;
		nuclei.getCalibration().setUnit("micron");
		Path saved = work.resolve("weights/001.weights.tif");

		// no labels= : the current image
		ImagePlus map = (ImagePlus) withOpenImages(() -> run(UNetWeightMap.class, "output", saved.toFile()), nuclei)
			.getOutput("weightMap");

		assertEquals("001 weights", map.getTitle());
		assertEquals(ImagePlus.GRAY32, map.getType());
		assertEquals(0.5, map.getCalibration().pixelWidth);
		assertEquals("µm", map.getCalibration().getUnit());
		ImageProcessor ids = nuclei.getProcessor();
		ImageProcessor weights = map.getProcessor();
		int touching = 0, inside = 0;
		for (int y = 1; y + 1 < ids.getHeight(); y++)
			for (int x = 1; x + 1 < ids.getWidth(); x++) {
				int id = ids.get(x, y), right = ids.get(x + 1, y);
				if (id != 0 && right != 0 && id != right) {
					touching++;
					float gap = Math.max(weights.getf(x, y), weights.getf(x + 1, y));
					assertTrue(gap > 10,
						"the contact of nuclei " + id + " and " + right + " at " + x + "," + y + " weighs " + gap);
				}
				if (id != 0 && id == right && id == ids.get(x - 1, y) && id == ids.get(x, y - 1) &&
					id == ids.get(x, y + 1))
				{
					inside++;
					assertEquals(1f, weights.getf(x, y), "inside a nucleus the weight is 1");
				}
			}
		assertTrue(touching > 10 && inside > 1000, touching + " contacts, " + inside + " pixels inside nuclei");
		assertTrue(Files.isRegularFile(saved));
		assertArrayEquals((float[]) weights.getPixels(),
			(float[]) IJ.openImage(saved.toString()).getProcessor().getPixels());
		assertTrue(failure(UNetWeightMap.class).contains("no image is open"));
		assertTrue(failure(UNetWeightMap.class, "labels", saved.toString(), "weights", "x")
			.contains("weights=x is not one of auto, border, balance, none"));
	}

	/** Whether a status event that matches arrives within 10 s (they are published asynchronously). */
	private static boolean statusArrives(Predicate<StatusEvent> wanted) throws InterruptedException {
		for (int wait = 0; wait < 100; wait++) {
			synchronized (statusEvents) {
				if (statusEvents.stream().anyMatch(wanted)) return true;
			}
			Thread.sleep(100);
		}
		return false;
	}

	/** Runs a command headless with its pre- and postprocessors, as Fiji does; fails on cancellation. */
	static Module run(Class<? extends Command> command, Object... keysAndValues) throws Exception {
		Module module = start(command, keysAndValues).get();
		Cancelable cancelable = (Cancelable) module;
		assertFalse(cancelable.isCanceled(), () -> "cancelled: " + cancelable.getCancelReason());
		return module;
	}

	/** The message of the error a command fails with. */
	private static String failure(Class<? extends Command> command, Object... keysAndValues) {
		ExecutionException e = assertThrows(ExecutionException.class, () -> start(command, keysAndValues).get());
		return UNetCommand.errorMessage(e);
	}

	/**
	 * Starts a command with its pre- and postprocessors through the module service, which gives the module of
	 * dynamic commands too (U-Net Segment's engine choices come from what is installed), where
	 * {@code CommandService.run} gives none.
	 */
	private static Future<Module> start(Class<? extends Command> command, Object... keysAndValues) {
		return context.service(ModuleService.class).run(context.service(CommandService.class).getCommand(command), true,
			inputs(keysAndValues));
	}

	/** Command inputs from keys and values in turn. */
	static Map<String, Object> inputs(Object... keysAndValues) {
		Map<String, Object> inputs = new HashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2)
			inputs.put((String) keysAndValues[i], keysAndValues[i + 1]);
		return inputs;
	}

	/** A folder of two 96 × 96 crops of ISBI 2012 training images ({@code kind} images) or their labels. */
	private static Path trainingPairs(String name, String kind) throws Exception {
		Path folder = Files.createDirectories(work.resolve(name).resolve(kind));
		for (String image : List.of("000", "001"))
			IJ.saveAsTiff(crop(EM.resolve("train").resolve(kind).resolve(image + ".png"), 96),
				folder.resolve(image + ".tif").toString());
		return folder;
	}

	/** Runs work with the images open (as in a batch-mode macro, where they have no windows), the last current. */
	static <T> T withOpenImages(Callable<T> work, ImagePlus... images) throws Exception {
		boolean batchMode = Interpreter.batchMode;
		Interpreter.batchMode = true;
		try {
			for (ImagePlus image : images)
				image.show();
			return work.call();
		}
		finally {
			for (ImagePlus image : images)
				image.close();
			Interpreter.batchMode = batchMode;
		}
	}

	/** The SHA-256 of every file in a folder tree. */
	private static Map<Path, String> checksums(Path folder) throws Exception {
		Map<Path, String> sums = new TreeMap<>();
		try (var files = Files.walk(folder)) {
			for (Path file : files.filter(Files::isRegularFile).toList())
				sums.put(file,
					HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
		}
		return sums;
	}

	/** The top-left {@code size × size} pixels of an image file. */
	static ImagePlus crop(Path file, int size) {
		ImagePlus imp = IJ.openImage(file.toString());
		imp.setRoi(0, 0, size, size);
		ImagePlus cropped = imp.crop();
		cropped.setTitle(file.getFileName().toString());
		return cropped;
	}

	private static int[] pixels(ImageProcessor ip) {
		int[] values = new int[ip.getPixelCount()];
		for (int i = 0; i < values.length; i++)
			values[i] = (int) ip.getf(i);
		return values;
	}
}
