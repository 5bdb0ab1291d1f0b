package org.unetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.cli.CommandLineTest.Result;
import org.unetfiji.image.zarr.ZarrPython;

import ij.IJ;
import ij.ImagePlus;

/**
 * {@code ./unet segment} with {@code level=} and {@code format=} on a GoNuclear stack written by python-zarr: a
 * folder of Zarr containers, a lower resolution level into TIFF files, no output inside the input container, and the
 * one-line errors of wrong values.
 */
class ZarrCommandTest {

	private static final Path STACK = Path.of("..", "shared", "data", "gonuclear-ovule-nuclei-3d", "test", "images",
		"1136.tif");

	@TempDir
	Path work;

	@Test
	void aLowerLevelOfAZarrInAFolderIsSegmentedIntoTiffFiles() throws Exception {
		ZarrPython.assumeAvailable();
		Path in = Files.createDirectories(work.resolve("in"));
		ZarrPython.writeVolume(STACK, in.resolve("1136.zarr"));
		Path out = work.resolve("out");
		Result r = CommandLineTest.run("segment", "model=models/nuclei-3d", "input=" + in, "output=" + out, "level=1",
			"format=tiff", "device=cpu");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("1136.zarr: 50×50×100 px"), r.out());
		ImagePlus labels = IJ.openImage(out.resolve("1136.labels.tif").toString());
		assertEquals(50, labels.getWidth());
		assertEquals(100, labels.getNSlices());
		assertEquals(2 * IJ.openImage(STACK.toString()).getCalibration().pixelWidth, labels.getCalibration().pixelWidth,
			1e-6);

		r = CommandLineTest.run("segment", "model=models/nuclei-3d", "input=" + in, "output=" + out, "level=2");
		assertEquals(1, r.code());
		assertTrue(r.err().contains("skipped 1136.zarr: level=2 does not exist in 1136.zarr (levels 0..1)"), r.err());

		Path zarr = in.resolve("1136.zarr");
		r = CommandLineTest.run("segment", "model=models/nuclei-3d", "input=" + zarr, "output=" + zarr.resolve("out"));
		assertEquals(2, r.code());
		assertTrue(r.err().contains("is inside the input container"), r.err());
		assertTrue(Files.notExists(zarr.resolve("out")));
	}

	@Test
	void wrongLevelOrFormatGiveOneLineAndExitCode2() {
		Result r = CommandLineTest.run("segment", "model=models/nuclei-3d", "input=" + STACK,
			"output=" + work.resolve("o"), "format=png");
		assertEquals(2, r.code());
		assertTrue(r.err().contains("format=png is not tiff or zarr"), r.err());
		r = CommandLineTest.run("segment", "model=models/nuclei-3d", "input=" + STACK, "output=" + work.resolve("o"),
			"level=-1");
		assertEquals(2, r.code());
		assertTrue(r.err().contains("level=-1 is out of range [0, 2147483647]"), r.err());
	}
}
