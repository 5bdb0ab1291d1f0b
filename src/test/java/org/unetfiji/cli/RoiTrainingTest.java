package org.unetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.cli.CommandLineTest.Result;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.training.RoiLabels;
import org.unetfiji.training.RoiLabelsTest;

import ij.IJ;
import ij.gui.Roi;

/** Training from ImageJ ROI sets on the command line: GOWT1 crops whose labels are traced ROIs in {@code .zip}s. */
class RoiTrainingTest {

	private static final Path GOWT1 = Path.of("../shared/data/ctc-gowt1-nuclei-2d/train");

	@TempDir
	Path work;

	@Test
	void trainsFromRoiSetsWithARegionToIgnore() throws IOException {
		Path images = Files.createDirectories(work.resolve("images"));
		Path labels = Files.createDirectories(work.resolve("labels"));
		for (String name : new String[]{ "t01", "t21" }) {
			CommandLineTest.crop(GOWT1.resolve("images/" + name + ".tif"), images.resolve(name + ".tif"));
			Path labelImage = work.resolve(name + ".tif");
			CommandLineTest.crop(GOWT1.resolve("labels/" + name + ".tif"), labelImage);
			List<Roi> rois = new ArrayList<>(
				RoiLabelsTest.tracedRois(IJ.openImage(labelImage.toString()).getProcessor()));
			assertTrue(rois.size() > 1, name + " crop holds " + rois.size() + " objects");
			Roi ignore = new Roi(0, 0, 40, 160);
			ignore.setName("ignore");
			rois.add(ignore);
			RoiLabelsTest.writeZip(labels, name + ".zip", rois.toArray(Roi[]::new));
		}
		Path model = work.resolve("rois");
		Result r = CommandLineTest.run("train", "images=" + images, "labels=" + labels, "output=" + model, "depth=2",
			"filters=4", "steps=20", "tile=64", "validation=0.5", "validate-every=10");
		assertEquals(0, r.code(), r.err());
		assertTrue(
			r.out().contains("labels instances, target foreground (classes background, foreground), weights border"),
			r.out());
		try (ModelPackage pkg = ModelPackage.open(model)) {
			assertEquals(RoiLabels.IGNORE, pkg.descriptor().training().get("ignore"));
			assertEquals("instances", pkg.descriptor().training().get("labels"));
			assertEquals(20, pkg.descriptor().training().get("steps_done"));
		}
		Result wrong = CommandLineTest.run("train", "images=" + images, "labels=" + labels,
			"output=" + work.resolve("x"), "label-type=classes");
		assertEquals(2, wrong.code());
		assertTrue(wrong.err().contains("label-type=classes does not fit them"), wrong.err());
	}
}
