package org.unetfiji.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.evaluation.ConnectedComponents;
import org.unetfiji.evaluation.Connectivity;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;

/** Plane-by-plane instance labelling against whole-volume connected components on a real 3D nucleus annotation. */
class InstanceLabellingTest {

	private static final Path LABELS = Path.of("../shared/data/gonuclear-ovule-nuclei-3d/test/labels/1136.tif");

	@TempDir
	Path dir;

	@Test
	void streamingComponentsEqualWholeVolumeComponentsAndDropSmallOnes() throws IOException {
		PlaneSource labels = PlaneSource.of(ImageFiles.read(LABELS));
		int w = labels.sizeX(), h = labels.sizeY(), depth = labels.sizeZ();
		// the nuclei as one foreground class: touching nuclei merge, as in a two-class prediction
		int[] foreground = new int[w * h * depth];
		float[] plane = new float[w * h];
		for (int z = 0; z < depth; z++) {
			labels.read(0, z, 0, plane);
			for (int i = 0; i < plane.length; i++)
				foreground[z * plane.length + i] = plane[i] > 0 ? 1 : 0;
		}
		int[] expected = new int[foreground.length];
		var cursor = Views.flatIterable(ConnectedComponents.label(ArrayImgs.ints(foreground, w, h, depth),
			Connectivity.FACE)).cursor();
		for (int i = 0; cursor.hasNext(); i++)
			expected[i] = cursor.next().get();
		Map<Integer, Integer> sizes = new HashMap<>();
		for (int id : expected)
			if (id > 0) sizes.merge(id, 1, Integer::sum);
		assertTrue(sizes.size() > 20, sizes.size() + " components");

		assertArrayEquals(expected, label(foreground, w, h, depth, 0));
		// with a minimum size: the same components, small ones removed, renumbered in the same order
		int minSize = 200;
		int[] renumbered = new int[sizes.size() + 1];
		for (int id = 1, next = 0; id <= sizes.size(); id++)
			renumbered[id] = sizes.get(id) >= minSize ? ++next : 0;
		int[] kept = label(foreground, w, h, depth, minSize);
		for (int i = 0; i < expected.length; i++)
			assertEquals(renumbered[expected[i]], kept[i]);
	}

	private int[] label(int[] foreground, int w, int h, int depth, int minSize) throws IOException {
		int[] result = new int[foreground.length];
		try (InstanceLabelling labelling = new InstanceLabelling(w, h, minSize, dir)) {
			for (int z = 0; z < depth; z++)
				labelling.addPlane(Arrays.copyOfRange(foreground, z * w * h, (z + 1) * w * h));
			labelling.endFrame();
			labelling.relabel((t, z, ids) -> System.arraycopy(ids, 0, result, z * w * h, ids.length));
		}
		return result;
	}
}
