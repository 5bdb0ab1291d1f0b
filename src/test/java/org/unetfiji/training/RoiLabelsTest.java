package org.unetfiji.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.PointRoi;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.gui.ShapeRoi;
import ij.io.RoiEncoder;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/** ROI sets painted into label images: hand-built sets, and a real label image traced into ROIs and back. */
public class RoiLabelsTest {

	@TempDir
	Path work;

	@Test
	void paintsObjectsInTheOrderOfTheSetTheLaterOverTheEarlier() throws IOException {
		Roi square = named(new Roi(1, 1, 4, 4), "a");
		Roi triangle = named(new PolygonRoi(new int[]{ 3, 9, 3 }, new int[]{ 3, 3, 9 }, 3, Roi.POLYGON), "b");
		Roi oval = named(new OvalRoi(6, 6, 4, 4), "c");
		ShapeRoi composite = new ShapeRoi(new Roi(0, 10, 2, 2));
		composite = composite.or(new ShapeRoi(new Roi(8, 10, 2, 2)));
		Roi ignore = named(new Roi(0, 0, 1, 1), "Ignore-2");
		List<Roi> rois = RoiLabels.read(zip("set.zip", square, triangle, oval, named(composite, "d"), ignore));
		assertEquals(new RoiLabels.Content(LabelKind.INSTANCES, true), RoiLabels.content(rois, "set.zip"));
		int[] labels = RoiLabels.rasterise(rois, "set.zip", 10, 12, 1, OptionalInt.of(99));
		assertEquals(99, labels[0]);
		assertEquals(1, labels[1 * 10 + 1]);
		assertEquals(2, labels[3 * 10 + 3], "the triangle, later, covers the square where they overlap");
		assertEquals(1, labels[4 * 10 + 2]);
		assertEquals(3, labels[8 * 10 + 8]);
		assertEquals(4, labels[11 * 10 + 1]);
		assertEquals(4, labels[11 * 10 + 9]);
		assertEquals(0, labels[11 * 10 + 5], "the gap inside the composite ROI");
		assertEquals(16 - 4, count(labels, 1), "the square less its corner under the triangle");
		assertEquals(8, count(labels, 4));
	}

	@Test
	void classNamesMakeAClassMaskAndMixingThemWithObjectsIsRefused() {
		List<Roi> rois = List.of(named(new Roi(0, 0, 2, 2), "Class#2"), named(new Roi(2, 0, 2, 2), "class#1-3"));
		assertEquals(new RoiLabels.Content(LabelKind.CLASSES, false), RoiLabels.content(rois, "c"));
		assertArrayEquals(new int[]{ 2, 2, 1, 1, 2, 2, 1, 1 },
			RoiLabels.rasterise(rois, "c", 4, 2, 1, OptionalInt.empty()));
		List<Roi> mixed = List.of(rois.get(0), named(new Roi(2, 0, 2, 2), "nucleus"));
		String message = assertThrows(IllegalArgumentException.class, () -> RoiLabels.content(mixed, "m.zip"))
			.getMessage();
		assertTrue(message.startsWith("m.zip: 1 ROI(s) are named Class#k and 1 are not"), message);
		RoiLabels.Content classes = RoiLabels.content(rois, "c");
		assertThrows(IllegalArgumentException.class, () -> classes.labelKind(LabelKind.INSTANCES));
		assertThrows(IllegalArgumentException.class,
			() -> classes.and(new RoiLabels.Content(LabelKind.INSTANCES, false)));
		assertEquals(LabelKind.CLASSES, classes.labelKind(LabelKind.AUTO));
	}

	@Test
	void linesPointsMissingSlicesAndIgnoreCollisionsAreErrorsNamingTheRoi() {
		String line = message(List.of(named(new Line(0, 0, 3, 3), "cut")), 1, OptionalInt.empty());
		assertTrue(line.contains("ROI 'cut' is a Straight Line ROI"), line);
		String point = message(List.of(named(new PointRoi(1, 1), "dot")), 1, OptionalInt.empty());
		assertTrue(point.contains("ROI 'dot' is a Point ROI"), point);
		String slice = message(List.of(named(new Roi(0, 0, 2, 2), "flat")), 3, OptionalInt.empty());
		assertTrue(slice.contains("ROI 'flat' has no slice position"), slice);
		String collision = message(List.of(named(new Roi(0, 0, 2, 2), "a")), 1, OptionalInt.of(1));
		assertTrue(collision.contains("the ignore value"), collision);
		String noIgnore = message(List.of(named(new Roi(0, 0, 2, 2), "ignore")), 1, OptionalInt.empty());
		assertTrue(noIgnore.contains("give an ignore= value"), noIgnore);
	}

	@Test
	void roisOnAStackPaintOnlyTheirSlice() throws IOException {
		Roi second = named(new Roi(0, 0, 2, 2), "a");
		second.setPosition(2);
		Roi third = named(new Roi(1, 1, 2, 2), "b");
		third.setPosition(1, 3, 1);
		Path file = zip("stack.zip", second, third);
		int[] labels = RoiLabels.rasterise(RoiLabels.read(file), "stack.zip", 3, 3, 3, OptionalInt.empty());
		assertArrayEquals(new int[]{ 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0, 2, 2 },
			labels);
	}

	@Test
	void readsASingleRoiFile() throws IOException {
		Path file = work.resolve("one.roi");
		assertTrue(RoiEncoder.save(new OvalRoi(0, 0, 6, 6), file.toString()));
		List<Roi> rois = RoiLabels.read(file);
		assertEquals(1, rois.size());
		int[] labels = RoiLabels.rasterise(rois, "one.roi", 6, 6, 1, OptionalInt.empty());
		assertEquals(0, labels[0], "the corner lies outside the oval");
		assertEquals(1, labels[3 * 6 + 3]);
		assertEquals("one", rois.get(0).getName(), "named by its file");
	}

	/** GOWT1 nuclei: each object traced into a ROI, the set saved, read and painted back. */
	@Test
	void aRealLabelImageTracedIntoRoisPaintsBackAlmostExactly() throws IOException {
		ImageProcessor truth = IJ.openImage("../shared/data/ctc-gowt1-nuclei-2d/train/labels/t01.tif").getProcessor();
		List<Roi> traced = tracedRois(truth);
		assertTrue(traced.size() >= 10, traced.size() + " objects");
		Path file = zip("t01.zip", traced.toArray(Roi[]::new));
		int width = truth.getWidth();
		int[] labels = RoiLabels.rasterise(RoiLabels.read(file), "t01.zip", width, truth.getHeight(), 1,
			OptionalInt.empty());
		int[] ids = new int[traced.size() + 1];
		for (int i = 0; i < traced.size(); i++)
			ids[i + 1] = Integer.parseInt(traced.get(i).getName());
		long agree = 0;
		for (int i = 0; i < labels.length; i++)
			if (ids[labels[i]] == truth.get(i)) agree++;
		assertTrue(agree >= 0.99 * labels.length, agree + " of " + labels.length + " pixels agree");
	}

	/** One traced ROI per object of a label image, named by its label value, in the order of the values. */
	public static List<Roi> tracedRois(ImageProcessor labels) {
		int max = (int) labels.getStatistics().max;
		List<Roi> rois = new ArrayList<>();
		for (int id = 1; id <= max; id++) {
			ByteProcessor mask = new ByteProcessor(labels.getWidth(), labels.getHeight());
			for (int i = 0; i < labels.getPixelCount(); i++)
				if (labels.get(i) == id) mask.set(i, 255);
			mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
			Roi roi = new ThresholdToSelection().convert(mask);
			if (roi != null) rois.add(named(roi, Integer.toString(id)));
		}
		return rois;
	}

	/** Writes ROIs into a {@code .zip} in {@code folder} as the ROI Manager saves them. */
	public static Path writeZip(Path folder, String name, Roi... rois) throws IOException {
		Path file = folder.resolve(name);
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			for (int i = 0; i < rois.length; i++) {
				zip.putNextEntry(new ZipEntry(String.format("%04d-%s.roi", i, rois[i].getName())));
				zip.write(RoiEncoder.saveAsByteArray(rois[i]));
				zip.closeEntry();
			}
		}
		return file;
	}

	private Path zip(String name, Roi... rois) throws IOException {
		return writeZip(work, name, rois);
	}

	private static String message(List<Roi> rois, int depth, OptionalInt ignore) {
		return assertThrows(IllegalArgumentException.class, () -> RoiLabels.rasterise(rois, "s", 4, 4, depth, ignore))
			.getMessage();
	}

	private static Roi named(Roi roi, String name) {
		roi.setName(name);
		return roi;
	}

	private static long count(int[] labels, int value) {
		return java.util.Arrays.stream(labels).filter(v -> v == value).count();
	}
}
