package org.unetfiji.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.image.zarr.ZarrPython;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;

/**
 * {@code ./unet segment} on OME-Zarr with real TensorFlow and {@code nuclei-3d} on a real GoNuclear stack, checked
 * with python-zarr: a volume written by python-zarr is segmented into a container that python-zarr reads with the
 * right shapes, types, chunks and NGFF metadata, and whose labels and instances equal those of the same stack
 * segmented as TIFF; a cancelled run leaves no container.
 */
class ZarrSegmentTest {

	private static final Path STACK = Path.of("..", "shared", "data", "gonuclear-ovule-nuclei-3d", "test", "images",
		"1136.tif");
	private static final Path MODEL = Path.of("models/nuclei-3d");

	@TempDir
	Path work;

	@Test
	void aZarrVolumeGivesTheLabelsOfItsTiffInAContainerPythonZarrReads() throws Exception {
		ZarrPython.assumeAvailable();
		Path zarr = work.resolve("1136.zarr");
		ZarrPython.writeVolume(STACK, zarr);
		SegmentRequest segment = SegmentRequest.of(MODEL, Map.of("device", "cpu"));
		Path tiffOut = work.resolve("tiff");
		BatchSegmentTask.run(new BatchSegmentRequest(segment, STACK, tiffOut), new SegmentListener() {}, () -> false);
		List<String> lines = new ArrayList<>();
		Path zarrOut = work.resolve("zarr");
		BatchSegmentSummary summary = BatchSegmentTask.run(new BatchSegmentRequest(segment, zarr, zarrOut),
			new SegmentListener() {
				@Override
				public void segmented(SegmentedFiles files) {
					lines.add(files.describe());
				}
			}, () -> false);
		assertTrue(summary.complete());
		assertTrue(lines.get(0)
			.matches("1136\\.zarr: 100×100×100 px, [0-9.,]+ s -> 1136\\.segmentation\\.zarr, " +
				"1136\\.segmentation\\.zarr/labels/labels, 1136\\.segmentation\\.zarr/labels/instances, " +
				"1136\\.overlay\\.png"),
			lines.get(0));
		assertTrue(Files.isRegularFile(zarrOut.resolve("1136.overlay.png")));
		Path container = zarrOut.resolve("1136.segmentation.zarr");
		String out = ZarrPython.run("""
			import sys, json, numpy as np, zarr
			g = zarr.open_group(sys.argv[1], mode='r')
			p, l, i = g['0'], g['labels/labels/0'], g['labels/instances/0']
			l[:].tofile(sys.argv[2])
			i[:].tofile(sys.argv[3])
			assert abs(p[:].sum(axis=0) - 1).max() < 1e-4, 'probabilities sum to 1'
			print(json.dumps({'p': [list(p.shape), str(p.dtype), list(p.chunks)], 'l': [list(l.shape), str(l.dtype),
			    list(l.chunks)], 'i': [list(i.shape), str(i.dtype)], 'levels': len(g['labels/labels'].attrs[
			    'multiscales'][0]['datasets']), 'root': g.attrs.asdict(), 'labels': g['labels'].attrs.asdict()},
			    sort_keys=True))
			""", container, work.resolve("labels.raw"), work.resolve("instances.raw"));
		assertTrue(out.contains("\"p\": [[2, 100, 100, 100], \"float32\", [1, 16, 100, 100]]"), out);
		assertTrue(out.contains("\"l\": [[1, 100, 100, 100], \"uint8\", [1, 16, 100, 100]]"), out);
		assertTrue(out.contains("\"i\": [[1, 100, 100, 100], \"uint16\"]"), out);
		assertTrue(out.contains("\"levels\": 1"), out);
		assertTrue(out.contains("\"labels\": {\"labels\": [\"labels\", \"instances\"]}"), out);
		assertTrue(out.contains("\"unit\": \"micrometer\""), out);
		assertArrayEquals(voxels(tiffOut.resolve("1136.labels.tif"), 1),
			Files.readAllBytes(work.resolve("labels.raw")));
		assertArrayEquals(voxels(tiffOut.resolve("1136.instances.tif"), 2),
			Files.readAllBytes(work.resolve("instances.raw")));
	}

	@Test
	void aCancelledZarrRunLeavesNoContainer() throws Exception {
		ZarrPython.assumeAvailable();
		Path zarr = work.resolve("1136.zarr");
		ZarrPython.writeVolume(STACK, zarr);
		AtomicBoolean cancel = new AtomicBoolean();
		Path out = work.resolve("cancelled");
		SegmentListener cancelAfterFirstTiles = new SegmentListener() {
			@Override
			public void progress(long done, long total) {
				cancel.set(true);
			}
		};
		assertThrows(CancellationException.class,
			() -> BatchSegmentTask.run(
				new BatchSegmentRequest(SegmentRequest.of(MODEL, Map.of("device", "cpu", "tile", "48", "batch", "1")),
					zarr, out, 0, BatchSegmentRequest.Format.ZARR),
				cancelAfterFirstTiles, cancel::get));
		try (Stream<Path> left = Files.list(out)) {
			assertEquals(List.of(), left.toList(), "nothing left behind");
		}
	}

	/** The voxels of a TIFF stack, z-y-x order, little-endian, as numpy's tofile writes them. */
	private static byte[] voxels(Path tiff, int bytes) {
		ImagePlus imp = IJ.openImage(tiff.toString());
		ImageStack stack = imp.getStack();
		byte[] out = new byte[imp.getWidth() * imp.getHeight() * stack.getSize() * bytes];
		int n = 0;
		for (int z = 0; z < stack.getSize(); z++)
			for (int y = 0; y < imp.getHeight(); y++)
				for (int x = 0; x < imp.getWidth(); x++) {
					int v = (int) stack.getVoxel(x, y, z);
					for (int b = 0; b < bytes; b++)
						out[n++] = (byte) (v >> 8 * b);
				}
		return out;
	}
}
