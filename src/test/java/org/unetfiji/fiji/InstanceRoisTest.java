package org.unetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.gui.Roi;
import ij.process.ImageProcessor;

/** The objects of a real instance image (DSB 2018 nuclei, many touching) as ROIs. */
class InstanceRoisTest {

	@Test
	void oneRoiPerNucleusCoveringExactlyItsPixels() {
		ImageProcessor ids = IJ
			.openImage(Path.of("../shared/data/dsb2018-stardist-nuclei-2d/test/labels/001.tif").toString())
			.getProcessor();
		Map<Integer, Integer> areas = new TreeMap<>();
		for (int i = 0; i < ids.getPixelCount(); i++)
			if (ids.get(i) != 0) areas.merge(ids.get(i), 1, Integer::sum);

		List<Roi> rois = InstanceRois.of(ids);

		assertEquals(areas.size(), rois.size());
		for (Roi roi : rois) {
			int id = Integer.parseInt(roi.getName());
			int inside = 0;
			for (var point : roi.getContainedPoints()) {
				assertEquals(id, ids.get(point.x, point.y), "ROI " + id + " holds a pixel of another object");
				inside++;
			}
			assertEquals(areas.get(id), inside, "pixels of nucleus " + id);
		}
	}
}
