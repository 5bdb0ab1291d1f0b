package org.unetfiji.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.unetfiji.image.ops.ConnectedComponents;
import org.unetfiji.image.ops.Connectivity;
import org.unetfiji.metrics.ConfusionMatrix;
import org.unetfiji.metrics.DetectionScores;
import org.unetfiji.metrics.InstanceMetrics;
import org.unetfiji.metrics.MembraneMetrics;
import org.unetfiji.metrics.MetricsTable;
import org.unetfiji.metrics.TestImages;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/** Real label images of ../shared/data compared to themselves and to eroded or shifted copies. */
class RealDataTest {

	private static Img<IntType> open(String relativePath) {
		assumeTrue(Files.exists(Path.of("../shared/data", relativePath)), "shared data not available");
		return TestImages.openShared(relativePath);
	}

	/** Keeps a pixel only if all its face neighbours inside the image carry the same value (erodes each label). */
	private static Img<IntType> erode(Img<IntType> labels) {
		Img<IntType> eroded = ArrayImgs.ints(labels.dimensionsAsLongArray());
		RandomAccess<IntType> neighbour = Views.extendBorder(labels).randomAccess();
		Cursor<IntType> in = labels.localizingCursor();
		RandomAccess<IntType> out = eroded.randomAccess();
		while (in.hasNext()) {
			int value = in.next().get();
			boolean keep = value != 0;
			for (int d = 0; d < labels.numDimensions() && keep; d++)
				for (int step = -1; step <= 1 && keep; step += 2) {
					neighbour.setPosition(in);
					neighbour.move(step, d);
					keep = neighbour.get().get() == value;
				}
			out.setPositionAndGet(in).set(keep ? value : 0);
		}
		return eroded;
	}

	/** The image moved by {@code offset}, zero-filled, on the original interval. */
	private static RandomAccessibleInterval<IntType> shift(Img<IntType> labels, long... offset) {
		return Views.interval(Views.translate(Views.extendZero(labels), offset), labels);
	}

	@Test
	void nucleiInstances2D() {
		Img<IntType> truth = open("dsb2018-stardist-nuclei-2d/test/labels/001.tif");
		int objects = TestImages.countLabels(truth);
		assertTrue(objects > 10, "expected many nuclei, got " + objects);

		InstanceMetrics self = InstanceMetrics.compute(truth, truth);
		assertEquals(objects, self.overlaps().numTrue());
		assertEquals(1, self.meanAveragePrecision());
		assertEquals(0, self.overlaps().splitCount() + self.overlaps().mergeCount());

		InstanceMetrics eroded = InstanceMetrics.compute(truth, erode(truth));
		InstanceMetrics shifted = InstanceMetrics.compute(truth, shift(truth, 1, 1));
		MetricsTable table = new MetricsTable().addRow("self", self.metrics()).addRow("eroded", eroded.metrics())
			.addRow("shifted", shifted.metrics())
			.setOverall("pooled", InstanceMetrics.pooledMetrics(List.of(self, eroded, shifted)));
		System.out.print(table.summary());
		for (InstanceMetrics m : List.of(eroded, shifted)) {
			DetectionScores at50 = m.scores().get(0);
			assertTrue(at50.meanMatchedIoU() > 0.5 && at50.meanMatchedIoU() < 1, "mean IoU " + at50.meanMatchedIoU());
			assertTrue(m.meanAveragePrecision() > 0 && m.meanAveragePrecision() < 1);
			// AP can only drop with a stricter threshold
			for (int t = 1; t < m.scores().size(); t++)
				assertTrue(m.scores().get(t).averagePrecision() <= m.scores().get(t - 1).averagePrecision());
		}
		// shrinking objects can neither split nor merge them
		assertEquals(0, eroded.overlaps().splitCount() + eroded.overlaps().mergeCount());
		// erosion by one pixel keeps every nucleus of a few pixels' radius, so nearly all still match at 0.5
		assertTrue(eroded.scores().get(0).recall() > 0.8);
		// a one-pixel erosion of the instance image is also a pure foreground shrinkage for semantic metrics
		ConfusionMatrix cm = ConfusionMatrix.compute(binary(truth), binary(erode(truth)), 2);
		assertEquals(0, cm.count(0, 1));
		assertTrue(cm.iou(1) > 0.5 && cm.iou(1) < 1);
		assertEquals(1, cm.classAccuracy(0));
	}

	@Test
	void membranes2D() {
		Img<IntType> truth = open("isbi2012-em-membranes/test/labels/020.png");
		MembraneMetrics self = MembraneMetrics.compute(truth, truth);
		assertEquals(0, self.pixelError());
		assertEquals(1, self.randScore());

		// thicker membranes (cells eroded by one pixel) hardly change the cells: small errors
		MembraneMetrics thick = MembraneMetrics.compute(truth, erode(truth));
		// a shifted map misplaces membranes and cuts cells: larger errors
		MembraneMetrics shifted = MembraneMetrics.compute(truth, shift(truth, 4, 4));
		System.out.print(new MetricsTable().addRow("self", self.metrics()).addRow("thick", thick.metrics())
			.addRow("shifted", shifted.metrics()).summary());
		assertTrue(thick.pixelError() > 0 && thick.pixelError() < 0.2);
		assertTrue(thick.randScore() > 0.5 && thick.randScore() < 1);
		assertTrue(shifted.pixelError() > thick.pixelError());
		assertTrue(shifted.randScore() < thick.randScore());
	}

	@Test
	void nucleiInstances3D() {
		Img<IntType> truth = open("gonuclear-ovule-nuclei-3d/test/labels/1136.tif");
		assertEquals(3, truth.numDimensions());
		InstanceMetrics self = InstanceMetrics.compute(truth, truth);
		assertEquals(1, self.meanAveragePrecision());
		InstanceMetrics shifted = InstanceMetrics.compute(truth, shift(truth, 0, 0, 1));
		System.out.print(new MetricsTable().addRow("self", self.metrics()).addRow("z+1", shifted.metrics()).summary());
		assertTrue(shifted.meanAveragePrecision() > 0 && shifted.meanAveragePrecision() < 1);
		assertTrue(shifted.scores().get(0).meanMatchedIoU() < 1);
	}

	@Test
	void denseCells3D() {
		// 64 x 200 x 120 stack of touching cells (74 ids; several ids have disconnected pieces in this crop)
		Img<IntType> truth = open("ovules-cells-3d/train/labels/000.tif");
		InstanceMetrics self = InstanceMetrics.compute(truth, truth);
		assertEquals(1, self.meanAveragePrecision());
		InstanceMetrics shifted = InstanceMetrics.compute(truth, shift(truth, 1, 1, 1));
		assertTrue(shifted.meanAveragePrecision() > 0 && shifted.meanAveragePrecision() < 1);
		// splitting each id into its 26-connected pieces (301, checked with scipy.ndimage.label) never merges
		Img<IntType> pieces = ConnectedComponents.label(truth, Connectivity.FULL);
		assertEquals(301, TestImages.countLabels(pieces));
		InstanceMetrics split = InstanceMetrics.compute(truth, pieces);
		assertEquals(0, split.overlaps().mergeCount());
		assertEquals(301, split.overlaps().numOverlaps());
	}

	private static Img<IntType> binary(Img<IntType> labels) {
		Img<IntType> binary = ArrayImgs.ints(labels.dimensionsAsLongArray());
		Cursor<IntType> out = binary.cursor();
		for (IntType v : labels)
			out.next().set(v.get() != 0 ? 1 : 0);
		return binary;
	}
}
