package org.unetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;

/**
 * U-Net Evaluate and U-Net Weight Map on open images in a real SciJava context: the images go to the core in
 * memory (no scratch TIFF in the temporary folder), with the same numbers as the same images saved as files.
 */
class OpenImageToolsTest {

	private static final Path NUCLEI = Path.of("../shared/data/dsb2018-stardist-nuclei-2d/test/labels/001.tif");

	@TempDir
	Path work;
	private static Context context;

	@BeforeAll
	static void startContext() {
		context = new Context(CommandService.class, StatusService.class, LogService.class);
	}

	@AfterAll
	static void stopContext() {
		context.dispose();
	}

	@Test
	void evaluatesOpenImagesInMemoryWithTheNumbersOfTheirFiles() throws Exception {
		ImagePlus truth = IJ.openImage(NUCLEI.toString());
		ImagePlus prediction = truth.duplicate();
		prediction.setTitle("001 segmented");
		// every third nucleus missed, and a band of the image shifted by two pixels: splits, misses, partial overlaps
		ImageProcessor ids = prediction.getProcessor();
		for (int y = 0; y < ids.getHeight(); y++)
			for (int x = ids.getWidth() - 1; x >= 0; x--) {
				int id = ids.get(x, y);
				if (id % 3 == 0) ids.set(x, y, 0);
				else if (y < 60 && x >= 2) ids.set(x, y, ids.get(x - 2, y));
			}
		Path files = work.resolve("files");
		saved(files.resolve("truth/001.tif"), truth);
		saved(files.resolve("prediction/001.tif"), prediction);

		CommandModule inMemory = withoutScratchFiles(() -> FijiCommandsTest.withOpenImages(
			() -> run(UNetEvaluate.class, "prediction", prediction.getTitle(), "truth", truth.getTitle()), truth,
			prediction));
		CommandModule fromFiles = run(UNetEvaluate.class, "prediction", files.resolve("prediction/001.tif").toString(),
			"truth", files.resolve("truth/001.tif").toString());

		ResultsTable memoryTable = (ResultsTable) inMemory.getOutput("table");
		ResultsTable fileTable = (ResultsTable) fromFiles.getOutput("table");
		assertEquals("001", memoryTable.getStringValue("image", 0), "named after the truth image's title");
		double f1 = memoryTable.getValue("f1", 0);
		assertTrue(f1 > 0.3 && f1 < 0.95, "F1 of a damaged segmentation: " + f1);
		assertEquals(List.of(fileTable.getHeadings()), List.of(memoryTable.getHeadings()));
		for (String column : fileTable.getHeadings())
			if (!column.equals("image")) for (int row = 0; row < fileTable.size(); row++)
				assertEquals(fileTable.getValue(column, row), memoryTable.getValue(column, row), column);
		assertEquals(fromFiles.getOutput("report"), inMemory.getOutput("report"));
	}

	@Test
	void weightMapOfAnOpenImageComesFromMemoryAsTheFilesDoes() throws Exception {
		ImagePlus nuclei = IJ.openImage(NUCLEI.toString());
		nuclei.setTitle("nuclei.tif");
		nuclei.getCalibration().pixelWidth = 0.25;
		nuclei.getCalibration().pixelHeight = 0.25;
		nuclei.getCalibration().setUnit("um");
		Path file = saved(work.resolve("nuclei.tif"), nuclei);

		ImagePlus inMemory = (ImagePlus) withoutScratchFiles(() -> FijiCommandsTest
			.withOpenImages(() -> run(UNetWeightMap.class, "labels", "nuclei.tif", "borderWeight", 20.0), nuclei))
			.getOutput("weightMap");
		ImagePlus fromFile = (ImagePlus) run(UNetWeightMap.class, "labels", file.toString(), "borderWeight", 20.0)
			.getOutput("weightMap");

		assertEquals("nuclei weights", inMemory.getTitle());
		assertEquals(ImagePlus.GRAY32, inMemory.getType());
		assertEquals(0.25, inMemory.getCalibration().pixelWidth);
		assertEquals("µm", inMemory.getCalibration().getUnit());
		float[] weights = (float[]) inMemory.getProcessor().getPixels();
		assertArrayEquals((float[]) fromFile.getProcessor().getPixels(), weights);
		float max = 0;
		for (float w : weights)
			max = Math.max(max, w);
		assertTrue(max > 10 && max <= 21, "touching nuclei weigh up to 1 + border-weight: " + max);
	}

	private static Path saved(Path file, ImagePlus image) throws Exception {
		Files.createDirectories(file.getParent());
		assertTrue(IJ.saveAsTiff(image.duplicate(), file.toString()));
		return file;
	}

	private static CommandModule run(Class<? extends Command> command, Object... keysAndValues) throws Exception {
		CommandModule module = context.service(CommandService.class)
			.run(command, true, FijiCommandsTest.inputs(keysAndValues)).get();
		assertFalse(module.isCanceled(), () -> "cancelled: " + module.getCancelReason());
		return module;
	}

	/**
	 * Runs {@code work} while watching the temporary folder, and fails if a scratch folder {@code unet-fiji-*} (where
	 * open images used to be written) appears in it meanwhile, even if it is deleted again.
	 */
	private static <T> T withoutScratchFiles(Callable<T> work) throws Exception {
		try (TmpWatch watch = new TmpWatch()) {
			T result = work.call();
			List<String> created = watch.created();
			assertTrue(created.stream().noneMatch(name -> name.startsWith("unet-fiji-")), "scratch files: " + created);
			return result;
		}
	}
}
