package org.unetfiji.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.model.DescriptorIO;
import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.inference.postprocessing.Components;
import org.unetfiji.inference.postprocessing.Postprocessing;
import org.unetfiji.inference.postprocessing.Threshold;
import org.unetfiji.inference.postprocessing.Watershed;
import org.unetfiji.model.Processing;

import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * A model's recorded post-processing reaches segmentation through the core API, and {@code min-size=} given by the
 * user overrides it: real nuclei-2d on a real HeLa crop, with a copy of the model that records a minimum size.
 */
class RecordedPostprocessingTest {

	private static final Path MODEL = Path.of("models/nuclei-2d");

	@TempDir
	static Path work;

	private static Path recorded;
	private static Hyperstack<?> hela;

	@BeforeAll
	static void recordMinSize() throws Exception {
		recorded = work.resolve("nuclei-2d-min-size-80");
		try (Stream<Path> files = Files.walk(MODEL)) {
			for (Path p : files.toList()) {
				Path target = recorded.resolve(MODEL.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(target);
				else Files.copy(p, target);
			}
		}
		ModelDescriptor descriptor = DescriptorIO.read(recorded.resolve("rdf.yaml"));
		DescriptorIO.write(descriptor.toBuilder()
			.postprocessing(List.of(new Processing("components", Map.of("min_size", 80)))).build(),
			recorded.resolve("rdf.yaml"));
		hela = ImageFiles.read(Path.of("sample-images/ctc-hela-t79.tif"));
	}

	@Test
	void theModelsMinimumSizeAppliesUnlessOneIsGiven() throws Exception {
		Hyperstack<IntType> asRecorded = instances(recorded, OptionalInt.empty());
		assertEquals(count(instances(MODEL, OptionalInt.of(80))), count(asRecorded));
		assertEquals(list(instances(MODEL, OptionalInt.of(80))), list(asRecorded));
		Hyperstack<IntType> overridden = instances(recorded, OptionalInt.of(0));
		assertEquals(list(instances(MODEL, OptionalInt.empty())), list(overridden));
		assertNotEquals(count(asRecorded), count(overridden), "a minimum of 80 px removes some HeLa fragments");
	}

	@Test
	void segmentKeysChooseTheWatershedAndItsParameters() throws Exception {
		SegmentRequest request = SegmentRequest.of(recorded,
			Map.of("instances", "watershed", "seed-distance", "12", "seed-prominence", 0.3));
		Postprocessing chain = request.postprocessing(
			Postprocessing.of(List.of(new Processing(Components.KEY, Map.of(Components.MIN_SIZE, 80)))));
		Processing step = chain.steps().get(1);
		assertEquals(Watershed.KEY, step.id());
		assertEquals(80L, ((Number) step.kwargs().get(Components.MIN_SIZE)).longValue(), "the recorded size stays");
		assertEquals(12.0, ((Number) step.kwargs().get(Watershed.SEED_DISTANCE)).doubleValue());
		// through the whole segmentation of the real image: the watershed splits at least as much as components
		Hyperstack<IntType> split = SegmentTask.run(request, hela, new SegmentListener() {}, () -> false).instances();
		assertTrue(count(split) >= count(instances(recorded, OptionalInt.empty())), "watershed " + count(split));
		// threshold= labels a 2-class model by a foreground threshold instead of the most probable class
		assertEquals(new Processing(Threshold.KEY, Map.of(Threshold.KEY, 0.6)), SegmentRequest
			.of(MODEL, Map.of("threshold", "0.6")).postprocessing(Postprocessing.defaults()).steps().get(0));
		var e = assertThrows(IllegalArgumentException.class,
			() -> SegmentRequest.of(MODEL, Map.of("merge-threshold", 0.3)).postprocessing(Postprocessing.defaults()));
		assertEquals("no post-processing step of [argmax, components] takes merge_threshold", e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
			() -> SegmentRequest.of(MODEL, Map.of("instances", "argmax")).postprocessing(Postprocessing.defaults()));
		assertEquals("post-processing step 'argmax' does not find instances", e.getMessage());
	}

	private static Hyperstack<IntType> instances(Path model, OptionalInt minSize) throws Exception {
		SegmentRequest defaults = SegmentRequest.defaults(model);
		SegmentRequest request = new SegmentRequest(model, defaults.tiling(), minSize, defaults.engine(),
			defaults.device());
		return SegmentTask.run(request, hela, new SegmentListener() {}, () -> false).instances();
	}

	private static int count(Hyperstack<IntType> instances) {
		int max = 0;
		for (IntType v : Views.flatIterable(instances.data()))
			max = Math.max(max, v.get());
		return max;
	}

	private static List<Integer> list(Hyperstack<IntType> instances) {
		return Views.flatIterable(instances.data()).stream().map(IntType::get).toList();
	}
}
