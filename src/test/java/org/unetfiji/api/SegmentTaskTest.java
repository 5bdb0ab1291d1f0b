package org.unetfiji.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;

import ij.IJ;
import ij.ImagePlus;

/**
 * The segment use cases with real TensorFlow on real HeLa nuclei: the events of a batch in order, and a cancelled
 * run that leaves no file under a final name.
 */
class SegmentTaskTest {

	private static final Path HELA = Path.of("sample-images/ctc-hela-t79.tif");
	private static final Path MODEL = Path.of("models/nuclei-2d");

	@TempDir
	Path work;

	@Test
	void aBatchReportsEachImageAndSkipsABadOne() throws Exception {
		Path in = Files.createDirectories(work.resolve("in"));
		ImagePlus hela = IJ.openImage(HELA.toString());
		hela.setRoi(0, 0, 200, 160);
		assertTrue(IJ.saveAsTiff(hela.crop(), in.resolve("a.tif").toString()));
		Files.writeString(in.resolve("b.tif"), "not an image");
		List<String> events = new ArrayList<>();
		SegmentListener listener = new SegmentListener() {
			@Override
			public void loaded(String model, String engine, Device device, DeviceChoice choice) {
				events.add("loaded " + model + " " + choice);
			}

			@Override
			public void started(int index, int count, Path file) {
				events.add(index + "/" + count + " " + file.getFileName());
			}

			@Override
			public void plan(String plan) {
				events.add("plan " + plan);
			}

			@Override
			public void segmented(SegmentedFiles files) {
				events.add(files.describe());
			}

			@Override
			public void skipped(Path file, String reason) {
				events.add("skipped " + file.getFileName());
			}

			@Override
			public void finished(BatchSegmentSummary summary) {
				events.add(summary.describe());
			}
		};
		Path out = work.resolve("out");
		BatchSegmentSummary summary = BatchSegmentTask.run(
			new BatchSegmentRequest(SegmentRequest.of(MODEL, Map.of("device", "cpu")), in, out), listener, () -> false);

		assertEquals(1, summary.segmented());
		assertFalse(summary.complete());
		assertEquals(7, events.size(), events.toString());
		assertEquals("loaded nuclei-2d cpu", events.get(0));
		assertEquals("1/2 a.tif", events.get(1));
		assertEquals("plan 1 tile(s) of 160×208 px, overlap 0×0, batch 1, gaussian blending", events.get(2));
		assertTrue(events.get(3).matches("a\\.tif: 200×160×1 px, [0-9.,]+ s -> a\\.probabilities\\.tif, a\\.labels" +
			"\\.tif, a\\.instances\\.tif, a\\.overlay\\.png"), events.get(3));
		assertEquals(List.of("2/2 b.tif", "skipped b.tif"), events.subList(4, 6));
		assertTrue(events.get(6).startsWith("segmented 1 of 2 image(s) in "), events.get(6));
		assertTrue(Files.isRegularFile(out.resolve("a.instances.tif")));
	}

	@Test
	void aCancelledSegmentationLeavesNoFiles() throws Exception {
		Hyperstack<?> image = ImageFiles.read(HELA);
		AtomicBoolean cancel = new AtomicBoolean();
		Path out = work.resolve("cancelled");
		SegmentListener cancelAfterFirstTiles = new SegmentListener() {
			@Override
			public void progress(long done, long total) {
				cancel.set(true);
			}
		};
		assertThrows(CancellationException.class,
			() -> SegmentTask.run(SegmentRequest.of(MODEL, Map.of("tile", "256", "batch", "1")), image, out,
				cancelAfterFirstTiles, cancel::get));
		assertTrue(cancel.get());
		try (Stream<Path> left = Files.list(out)) {
			assertEquals(List.of(), left.toList(), "nothing left behind");
		}
	}
}
