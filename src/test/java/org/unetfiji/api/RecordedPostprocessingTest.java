package org.unetfiji.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
