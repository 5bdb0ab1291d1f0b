package org.unetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unetfiji.cli.CommandLineTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;

/** {@code unet evaluate} on ISBI 2012 label images: pairing, exit codes, summary and CSV. */
class EvaluateCommandTest {

	private static final Path EM_LABELS = Path.of("../shared/data/isbi2012-em-membranes/test/labels");

	@TempDir
	Path work;

	@Test
	void evaluatesPairedFilesAndSaysWhatWasNotPaired() throws IOException {
		Path prediction = Files.createDirectories(work.resolve("segmented"));
		// 020: the truth mask as classes 0/1 with 16 rows of cells turned into membrane; 021: the truth itself
		ImagePlus damaged = IJ.openImage(EM_LABELS.resolve("020.png").toString());
		ImageProcessor pixels = damaged.getProcessor();
		long cellsLost = 0;
		for (int y = 0; y < pixels.getHeight(); y++)
			for (int x = 0; x < pixels.getWidth(); x++) {
				boolean cell = pixels.get(x, y) != 0;
				if (cell && y < 16) cellsLost++;
				pixels.set(x, y, cell && y >= 16 ? 1 : 0);
			}
		assertTrue(IJ.saveAsTiff(damaged, prediction.resolve("020.labels.tif").toString()));
		Files.copy(EM_LABELS.resolve("021.png"), prediction.resolve("021.labels.tif"));
		Files.copy(EM_LABELS.resolve("021.png"), prediction.resolve("021.probabilities.tif"));
		Files.copy(EM_LABELS.resolve("022.png"), prediction.resolve("999.labels.tif"));
		Path csv = work.resolve("report/metrics.csv");

		var r = run("evaluate", "prediction=" + prediction, "truth=" + EM_LABELS, "output=" + csv);
		assertEquals(1, r.code(), "truth images without prediction make the exit code 1: " + r.err());
		for (String name : List.of("022.png", "023.png", "024.png"))
			assertTrue(r.out().contains("not paired: truth " + name + " (no prediction with its name)"), r.out());
		assertTrue(r.out().contains("not paired: prediction 999.labels.tif"), r.out());
		assertTrue(r.err().contains("[1/2] 020.png <-> 020.labels.tif"), r.err());
		assertTrue(r.out().contains("evaluated 2 of 2 pair(s); 3 truth image(s) without prediction"), r.out());
		assertTrue(r.out().lines().anyMatch(line -> line.startsWith("overall")), r.out());

		List<String> lines = Files.readAllLines(csv);
		assertEquals(4, lines.size(), String.join("\n", lines));
		List<String> header = List.of(lines.get(0).split(","));
		assertTrue(
			header.containsAll(List.of("image", "pixel_accuracy", "iou_1", "dice_1", "pixel_error", "rand_error")),
			header.toString());
		int pixelError = header.indexOf("pixel_error");
		assertEquals(cellsLost / (512.0 * 512), Double.parseDouble(lines.get(1).split(",")[pixelError]), 1e-15);
		assertEquals("0", lines.get(2).split(",")[pixelError]);
		assertEquals(cellsLost / (2 * 512.0 * 512), Double.parseDouble(lines.get(3).split(",")[pixelError]), 1e-15);
		assertTrue(lines.get(3).startsWith("overall,"));
	}

	@Test
	void writesIntoAnOutputFolderAndExitsZeroWhenAllArePaired() throws IOException {
		Path prediction = Files.createDirectories(work.resolve("p"));
		Path truth = Files.createDirectories(work.resolve("t"));
		Files.copy(EM_LABELS.resolve("023.png"), truth.resolve("023.png"));
		Files.copy(EM_LABELS.resolve("023.png"), prediction.resolve("023.labels.tif"));
		var r = run("evaluate", "prediction=" + prediction, "truth=" + truth, "metrics=membrane", "output=" + truth);
		assertEquals(0, r.code(), r.err());
		assertTrue(Files.readString(truth.resolve("metrics.csv"))
			.startsWith("image,pixel_error,rand_error,rand_score,rand_split,rand_merge\n023,0,0,1,1,1\n"));
	}

	@Test
	void wrongCallsGiveOneLineAndExitCode2() throws IOException {
		Path empty = Files.createDirectories(work.resolve("empty"));
		Path other = Files.createDirectories(work.resolve("other"));
		Files.copy(EM_LABELS.resolve("020.png"), other.resolve("unrelated.png"));
		for (var call : List.of( //
			List.of("prediction=" + other, "missing parameter truth=..."), //
			List.of("prediction=" + other, "truth=" + EM_LABELS, "metrics=rand", "unknown metric 'rand'"), //
			List.of("prediction=" + other, "truth=" + EM_LABELS, "threshold=1.5", "threshold=1.5 is out of range"), //
			List.of("prediction=" + other, "truth=" + EM_LABELS, "metrics=membrane", "ignore=255",
				"membrane metrics have no ignore region"), //
			List.of("prediction=" + empty, "truth=" + EM_LABELS, "holds no .tif or .png image"), //
			List.of("prediction=" + other, "truth=" + EM_LABELS, "no prediction in " + other)))
		{
			String[] args = new String[call.size()];
			args[0] = "evaluate";
			for (int i = 0; i < call.size() - 1; i++)
				args[i + 1] = call.get(i);
			var r = run(args);
			String expected = call.get(call.size() - 1);
			assertEquals(2, r.code(), r.err());
			assertTrue(r.err().startsWith("unet evaluate: ") && r.err().contains(expected) &&
				r.err().strip().lines().count() == 1, expected + " expected, got: " + r.err());
		}
	}
}
