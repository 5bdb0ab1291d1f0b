package org.unetfiji.image.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;

/**
 * Plane-by-plane labelling (spooled to disk) against whole-volume connected components on a real 3D nucleus
 * annotation, and both connectivities against a flood fill.
 */
class ComponentLabellingTest {

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
		var cursor = Views
			.flatIterable(ConnectedComponents.label(ArrayImgs.ints(foreground, w, h, depth), Connectivity.FACE))
			.cursor();
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

	@Test
	void bothConnectivitiesEqualAFloodFillOfEachLabel() throws IOException {
		PlaneSource labels = PlaneSource.of(ImageFiles.read(LABELS));
		int w = labels.sizeX(), h = labels.sizeY(), depth = labels.sizeZ();
		int[] values = new int[w * h * depth];
		float[] plane = new float[w * h];
		for (int z = 0; z < depth; z++) {
			labels.read(0, z, 0, plane);
			for (int i = 0; i < plane.length; i++)
				values[z * plane.length + i] = (int) plane[i];
		}
		for (Connectivity connectivity : Connectivity.values()) {
			int[] actual = new int[values.length];
			var cursor = Views
				.flatIterable(ConnectedComponents.label(ArrayImgs.ints(values, w, h, depth), connectivity)).cursor();
			for (int i = 0; cursor.hasNext(); i++)
				actual[i] = cursor.next().get();
			assertArrayEquals(floodFill(values, w, h, depth, connectivity == Connectivity.FULL), actual,
				connectivity.toString());
		}
	}

	@Test
	void framesAreNumberedAfreshInMemoryAsOnDisk() throws IOException {
		int[][] frames = { { 1, 0, 0, 1 }, { 2, 2, 0, 0 } }; // 2×2 planes, one per frame
		for (boolean spooled : new boolean[]{ false, true }) {
			int[][] result = new int[2][];
			try (ComponentLabelling labelling = spooled ? new ComponentLabelling(2, 2, Connectivity.FACE, 0, dir)
				: new ComponentLabelling(2, 2, Connectivity.FACE, 0))
			{
				for (int[] frame : frames) {
					labelling.addPlane(frame);
					labelling.endFrame();
				}
				assertEquals(2, labelling.largestCount());
				labelling.relabel((t, z, ids) -> result[t] = ids.clone());
			}
			assertArrayEquals(new int[]{ 1, 0, 0, 2 }, result[0]);
			assertArrayEquals(new int[]{ 1, 1, 0, 0 }, result[1]);
		}
	}

	/** Components numbered in raster order of their first voxel, each grown by a breadth-first flood fill. */
	private static int[] floodFill(int[] values, int w, int h, int depth, boolean full) {
		int[] result = new int[values.length];
		ArrayDeque<Integer> queue = new ArrayDeque<>();
		int count = 0;
		for (int start = 0; start < values.length; start++) {
			if (values[start] == 0 || result[start] != 0) continue;
			result[start] = ++count;
			queue.add(start);
			while (!queue.isEmpty()) {
				int i = queue.poll();
				int x = i % w, y = i / w % h, z = i / (w * h);
				for (int dz = -1; dz <= 1; dz++)
					for (int dy = -1; dy <= 1; dy++)
						for (int dx = -1; dx <= 1; dx++) {
							int steps = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
							int nx = x + dx, ny = y + dy, nz = z + dz;
							if (steps == 0 || !full && steps > 1 || nx < 0 || ny < 0 || nz < 0 || nx >= w || ny >= h ||
								nz >= depth) continue;
							int n = (nz * h + ny) * w + nx;
							if (values[n] == values[start] && result[n] == 0) {
								result[n] = count;
								queue.add(n);
							}
						}
			}
		}
		return result;
	}

	private int[] label(int[] foreground, int w, int h, int depth, int minSize) throws IOException {
		int[] result = new int[foreground.length];
		try (ComponentLabelling labelling = new ComponentLabelling(w, h, Connectivity.FACE, minSize, dir)) {
			for (int z = 0; z < depth; z++)
				labelling.addPlane(Arrays.copyOfRange(foreground, z * w * h, (z + 1) * w * h));
			labelling.endFrame();
			labelling.relabel((t, z, ids) -> System.arraycopy(ids, 0, result, z * w * h, ids.length));
		}
		return result;
	}
}
