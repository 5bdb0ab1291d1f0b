package org.unetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogService;
import org.unetfiji.model.ModelPackage;

import ij.ImagePlus;
import ij.macro.Interpreter;

/**
 * U-Net Train in a real SciJava context on an open image and its open label image (a crop of a DSB 2018 nuclei
 * image), named by their titles as a macro names them: it trains, writes the model, shows progress, and writes
 * neither image anywhere (no scratch folder, no copy beside the model). An open image goes with an open label
 * image, not with a folder.
 */
class TrainOnOpenImagesTest {

	private static final Path DSB = Path.of("../shared/data/dsb2018-stardist-nuclei-2d/train");

	@TempDir
	Path work;

	private final List<StatusEvent> statusEvents = new ArrayList<>();

	@EventHandler
	void onStatus(StatusEvent e) {
		synchronized (statusEvents) {
			statusEvents.add(e);
		}
	}

	@Test
	void trainsFromTwoOpenImagesWithoutWritingThem() throws Exception {
		ImagePlus image = FijiCommandsTest.crop(DSB.resolve("images/000.tif"), 128);
		ImagePlus label = FijiCommandsTest.crop(DSB.resolve("labels/000.tif"), 128);
		image.setTitle("nuclei.tif");
		label.setTitle("nuclei labels");
		List<String> created;
		Path model = work.resolve("nuclei-model");
		Context context = new Context(CommandService.class, StatusService.class, LogService.class, EventService.class);
		boolean batchMode = Interpreter.batchMode;
		Interpreter.batchMode = true;
		try (TmpWatch watch = new TmpWatch()) {
			context.service(EventService.class).subscribe(this);
			image.show();
			label.show();
			CommandModule module = context.service(CommandService.class)
				.run(UNetTrain.class, true,
					FijiCommandsTest.inputs("images", image.getTitle(), "labels", label.getTitle(), "output",
						model.toFile(), "depth", 2, "filters", 4, "steps", 4, "tile", "64", "batch", 1))
				.get();
			assertFalse(module.isCanceled(), module::getCancelReason);
			String report = (String) module.getOutput("report");
			assertTrue(report.startsWith("training U-Net 2D, depth 2") && report.lines().count() == 2, report);
			assertTrue(report.contains("completed after 4 steps") && report.contains("model written to " + model),
				report);
			assertTrue(progressArrives(4), "progress by steps");
			created = watch.created();

			ExecutionException mixed = assertThrows(ExecutionException.class,
				() -> context.service(CommandService.class).run(UNetTrain.class, true, FijiCommandsTest.inputs("images",
					image.getTitle(), "labels", work.toFile(), "output", work.resolve("mixed").toFile())).get());
			assertTrue(UNetCommand.errorMessage(mixed).endsWith("must both be open images, or both files or folders"),
				UNetCommand.errorMessage(mixed));
		}
		finally {
			image.close();
			label.close();
			Interpreter.batchMode = batchMode;
			context.dispose();
		}
		try (ModelPackage trained = ModelPackage.open(model)) {
			assertEquals(List.of("nuclei.tif"), trained.descriptor().training().get("images"));
			assertEquals(4, trained.descriptor().training().get("steps_done"));
		}
		assertTrue(created.stream().anyMatch(n -> n.startsWith("unet-export")),
			"the watch sees the temporary " + "folder of the model export: " + created);
		assertTrue(created.stream().noneMatch(n -> n.startsWith("unet-fiji-")),
			"no scratch folder for the open " + "images: " + created);
		for (Path folder : List.of(model, work.resolve("nuclei-model.training")))
			try (Stream<Path> files = Files.walk(folder)) {
				List<String> pictures = files.map(p -> p.getFileName().toString())
					.filter(n -> n.matches("(?i).*\\.(tiff?|png)")).toList();
				assertTrue(pictures.stream().allMatch(n -> n.equals("learning-curve.png")),
					folder + " holds " + pictures);
			}
	}

	/** Whether the status event of the last step arrives within 10 s (they are published asynchronously). */
	private boolean progressArrives(int steps) throws InterruptedException {
		for (int wait = 0; wait < 100; wait++) {
			synchronized (statusEvents) {
				if (statusEvents.stream()
					.anyMatch(e -> e.getProgressMaximum() == steps && e.getProgressValue() == steps)) return true;
			}
			Thread.sleep(100);
		}
		return false;
	}

	/** The names of what was created in the watched folder (kept by the watch even when deleted since). */
}
