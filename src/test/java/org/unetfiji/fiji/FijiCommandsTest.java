package org.unetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import ij.measure.Calibration;
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

		CommandModule m = run(UNetSegment.class, "image", section, "model", BUNDLED, "overlay", true);

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
		assertEquals(0, Main.run(new String[] { "segment", "model=" + BUNDLED, "input=" + file, "output=" + cli },
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
	void missingOrWrongParametersAreClearErrorsNotSilentCancellations() {
		ImagePlus section = crop(EM.resolve("test/images/020.png"), 64);
		assertEquals("missing parameter model=... (a model name from the models folder, or a path)", failure(
			UNetSegment.class, "image", section));
		String unknown = failure(UNetSegment.class, "image", section, "model", "no-such-model");
		assertTrue(unknown.contains("No model named 'no-such-model'") && unknown.contains(BUNDLED), unknown);
		assertTrue(failure(UNetBatchSegment.class, "model", BUNDLED, "output", work.resolve("x").toFile()).startsWith(
			"missing parameter input="));
		assertTrue(failure(UNetTrain.class, "images", EM.resolve("train/images").toFile()).startsWith(
			"missing parameter labels="));
		assertTrue(failure(UNetTrain.class, "images", work.toFile(), "labels", work.toFile(), "output", work.resolve(
			"m").toFile(), "steps", 0).contains("steps=0 is out of range"));
	}

	@Test
	void batchSegmentsAFolderAndSkipsABadFile() throws Exception {
		Path in = Files.createDirectories(work.resolve("batch-in"));
		IJ.saveAsTiff(crop(EM.resolve("test/images/023.png"), 96), in.resolve("a.tif").toString());
		IJ.saveAsTiff(crop(EM.resolve("test/images/024.png"), 96), in.resolve("b.tif").toString());
		Files.writeString(in.resolve("broken.tif"), "not an image", StandardCharsets.UTF_8);
		Path out = work.resolve("batch-out");

		String report = (String) run(UNetBatchSegment.class, "model", BUNDLED, "input", in.toFile(), "output", out
			.toFile()).getOutput("report");

		assertTrue(report.contains("segmented 2 of 3 image(s)"), report);
		for (String name : List.of("a", "b"))
			for (String suffix : List.of(".probabilities.tif", ".labels.tif", ".overlay.png"))
				assertTrue(Files.isRegularFile(out.resolve(name + suffix)), name + suffix);
		assertFalse(Files.exists(out.resolve("broken.labels.tif")));
		assertTrue(failure(UNetBatchSegment.class, "model", BUNDLED, "input", in.toFile(), "output", in.toFile())
			.contains("is the input folder"));
		assertTrue(statusArrives(e -> e.getProgressMaximum() == 3 && e.getProgressValue() == 2 && e.getStatusMessage()
			.equals("[2/3] b.tif")), "progress 2 of 3 files reported");
	}

	@Test
	void trainsAModelThatInfoDescribesAndSegmentUses() throws Exception {
		Path images = Files.createDirectories(work.resolve("train/images"));
		Path labels = Files.createDirectories(work.resolve("train/labels"));
		for (String name : List.of("000", "001")) {
			IJ.saveAsTiff(crop(EM.resolve("train/images/" + name + ".png"), 96), images.resolve(name + ".tif")
				.toString());
			IJ.saveAsTiff(crop(EM.resolve("train/labels/" + name + ".png"), 96), labels.resolve(name + ".tif")
				.toString());
		}
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

		ImagePlus labelImage = (ImagePlus) run(UNetSegment.class, "image", crop(EM.resolve("test/images/020.png"),
			64), "model", model.toString()).getOutput("labels");
		assertEquals(64, labelImage.getWidth());
	}

	@Test
	void cancellingStopsTrainingAndWritesNoModel() throws Exception {
		Path model = work.resolve("never");
		Map<String, Object> inputs = inputs("images", EM.resolve("train/images").toFile(), "labels", EM.resolve(
			"train/labels").toFile(), "output", model.toFile(), "depth", 2, "filters", 4, "steps", 1_000_000, "tile",
			"64");
		ModuleService modules = context.service(ModuleService.class);
		CommandModule module = (CommandModule) modules.createModule(context.service(CommandService.class).getCommand(
			UNetTrain.class));
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
	static CommandModule run(Class<? extends Command> command, Object... keysAndValues) throws Exception {
		CommandModule module = context.service(CommandService.class).run(command, true, inputs(keysAndValues)).get();
		assertFalse(module.isCanceled(), () -> "cancelled: " + module.getCancelReason());
		return module;
	}

	/** The message of the error a command fails with. */
	private static String failure(Class<? extends Command> command, Object... keysAndValues) {
		ExecutionException e = assertThrows(ExecutionException.class, () -> context.service(CommandService.class).run(
			command, true, inputs(keysAndValues)).get());
		return UNetCommand.errorMessage(e);
	}

	private static Map<String, Object> inputs(Object... keysAndValues) {
		Map<String, Object> inputs = new HashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2)
			inputs.put((String) keysAndValues[i], keysAndValues[i + 1]);
		return inputs;
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
