package org.unetfiji.fiji;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * The objects of a 2D instance image as ImageJ ROIs, one per object id (holes included), in the order of the ids and
 * named after them. Each object is traced within its bounding box, so the work grows with the image and the objects'
 * boxes, not with image × objects.
 */
final class InstanceRois {

	private InstanceRois() {}

	static List<Roi> of(ImageProcessor instances) {
		Map<Integer, int[]> boxes = new TreeMap<>(); // id -> min x, min y, max x, max y
		for (int y = 0; y < instances.getHeight(); y++)
			for (int x = 0; x < instances.getWidth(); x++) {
				int id = (int) instances.getf(x, y);
				if (id == 0) continue;
				int[] box = boxes.get(id);
				if (box == null) boxes.put(id, new int[]{ x, y, x, y });
				else {
					box[0] = Math.min(box[0], x);
					box[2] = Math.max(box[2], x);
					box[3] = y;
				}
			}
		List<Roi> rois = new ArrayList<>(boxes.size());
		boxes.forEach((id, box) -> rois.add(trace(instances, id, box)));
		return rois;
	}

	private static Roi trace(ImageProcessor instances, int id, int[] box) {
		ByteProcessor mask = new ByteProcessor(box[2] - box[0] + 1, box[3] - box[1] + 1);
		for (int y = 0; y < mask.getHeight(); y++)
			for (int x = 0; x < mask.getWidth(); x++)
				if ((int) instances.getf(box[0] + x, box[1] + y) == id) mask.set(x, y, 255);
		mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
		Roi roi = new ThresholdToSelection().convert(mask);
		roi.setLocation(roi.getXBase() + box[0], roi.getYBase() + box[1]);
		roi.setName(Integer.toString(id));
		return roi;
	}
}
