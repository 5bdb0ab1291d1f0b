package org.unetfiji.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.image.ImagePlusBridge;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.network.Upsampling;
import org.unetfiji.training.LabelKind;
import org.unetfiji.training.LogRow;
import org.unetfiji.training.Target;
import org.unetfiji.training.TrainingData;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.Duplicator;

/**
 * A short real training on dense cell labels (crops of the ovule stack of ../shared/data): {@code label-type=auto}
 * finds them dense and trains the boundary target, whose validation boundary F1 rises; the model records the class
 * order and the up-sampling; nuclei train the three classes background, interior, boundary with border weights.
 */
class BoundaryTrainingTest {

	private static final Path OVULES = Path.of("../shared/data/ovules-cells-3d/train");

	@TempDir
	Path work;

	@Test
	void denseCellLabelsTrainABoundaryNetworkWhoseBoundaryF1Rises() throws Exception {
		assumeTrue(Files.isDirectory(OVULES), "shared data not available");
		TrainingData.Pair training = crop("train", 0, 16, 0, 96);
		TrainingData.Pair validation = crop("validation", 20, 16, 104, 96);
		List<LogRow> rows = new ArrayList<>();
		String[] started = new String[1];
		TrainRequest request = TrainRequest.builder(new TrainRequest.InMemory(List.of(training)), work.resolve("cells"))
			.validation(new TrainRequest.InMemory(List.of(validation))).network(2, 4).upsampling(Upsampling.RESIZE)
			// the few voxels of value 0 are unlabelled: left out, which only dense labels allow
			.targets(new TrainTargets(LabelKind.AUTO, null, java.util.OptionalInt.of(0), 50, 6, 0.1, 10))
			.tile(new long[]{ 16, 48, 48 }).batch(2).steps(60).validateEvery(10).lr(5e-3).augment(false)
			.device(DeviceChoice.CPU).build();
		TrainTask.run(request, new TrainListener() {

			@Override
			public void started(String line) {
				started[0] = line;
			}

			@Override
			public void logged(LogRow row, double seconds) {
				rows.add(row);
			}
		}, () -> false);

		assertTrue(started[0].contains("labels dense (") &&
			started[0].contains("target boundary (classes interior, " + "boundary)") &&
			started[0].contains("weights balance") && started[0].contains("Dice weight 1"), started[0]);
		double first = rows.get(0).boundaryF1();
		double best = rows.stream().mapToDouble(LogRow::boundaryF1).max().getAsDouble();
		System.out.println("boundary F1 by validation: " + rows.stream()
			.map(r -> r.step() + ": " + String.format(java.util.Locale.ROOT, "%.3f", r.boundaryF1())).toList());
		assertTrue(best > first + 0.05, "the validation boundary F1 rises: " + first + " -> " + best);
		try (ModelPackage model = ModelPackage.open(work.resolve("cells"))) {
			assertEquals(List.of("interior", "boundary"), model.descriptor().classNames());
			assertEquals("resize", model.descriptor().network().get("upsampling"));
			Map<String, Object> record = model.descriptor().training();
			assertEquals("dense", record.get("labels"));
			assertEquals("boundary", record.get("target"));
			assertEquals(0, record.get("ignore"));
			// the validation search tries only the boundaries partition for a boundary model, no foreground threshold
			assertTrue(
				model.descriptor().postprocessing().stream()
					.allMatch(step -> step.id().equals("argmax") || step.id().equals("boundaries")),
				"no foreground search for a boundary model: " + model.descriptor().postprocessing());
		}
	}

	@Test
	void nucleiTrainThreeBoundaryClassesWithBorderWeights() throws Exception {
		Path gowt1 = Path.of("../shared/data/ctc-gowt1-nuclei-2d/train");
		assumeTrue(Files.isDirectory(gowt1), "shared data not available");
		List<TrainingData.Pair> pairs = new ArrayList<>();
		for (String name : List.of("t01", "t21"))
			pairs.add(new TrainingData.Pair(name + ".tif", square(gowt1.resolve("images/" + name + ".tif")),
				square(gowt1.resolve("labels/" + name + ".tif"))));
		List<LogRow> rows = new ArrayList<>();
		TrainRequest request = TrainRequest.builder(new TrainRequest.InMemory(pairs), work.resolve("nuclei"))
			.targets(new TrainTargets(LabelKind.AUTO, null, java.util.OptionalInt.empty(), 50, 6, 0.1, 10,
				Target.BOUNDARY, 1))
			.network(2, 4).tile(new long[]{ 64 }).batch(1).steps(10).validateEvery(5).validationFraction(0.5)
			.augment(false).device(DeviceChoice.CPU).build();
		TrainTask.run(request, new TrainListener() {

			@Override
			public void logged(LogRow row, double seconds) {
				rows.add(row);
			}
		}, () -> false);
		assertTrue(rows.stream().noneMatch(r -> Double.isNaN(r.boundaryF1())), rows.toString());
		try (ModelPackage model = ModelPackage.open(work.resolve("nuclei"))) {
			assertEquals(List.of("background", "interior", "boundary"), model.descriptor().classNames());
			assertEquals(3, model.descriptor().network().get("classes"));
			assertEquals("boundary", model.descriptor().training().get("target"));
			assertEquals("auto", model.descriptor().training().get("labels"), "resolved per image");
			assertEquals("border", model.descriptor().training().get("weights"));
		}
		assertEquals("target=boundary trains the classes background,interior,boundary; leave out classes=a,b,c",
			assertThrows(IllegalArgumentException.class,
				() -> TrainTask.run(
					TrainRequest.builder(new TrainRequest.InMemory(pairs), work.resolve("x")).targets(request.targets())
						.classes(List.of("a", "b", "c")).steps(1).device(DeviceChoice.CPU).build(),
					new TrainListener() {}, () -> false))
				.getMessage());
	}

	/** A 160 × 160 crop of a 2D image. */
	private static org.unetfiji.image.Hyperstack<?> square(Path file) {
		ImagePlus image = IJ.openImage(file.toString());
		image.setRoi(100, 100, 160, 160);
		return ImagePlusBridge.wrap(image.crop());
	}

	/** {@code depth} slices from {@code z} and a square of {@code size} from {@code (y, 0)} of image and labels. */
	private static TrainingData.Pair crop(String name, int z, int depth, int y, int size) {
		return new TrainingData.Pair(name + ".tif", crop(OVULES.resolve("images/000.tif"), z, depth, y, size),
			crop(OVULES.resolve("labels/000.tif"), z, depth, y, size));
	}

	private static org.unetfiji.image.Hyperstack<?> crop(Path file, int z, int depth, int y, int size) {
		ImagePlus stack = IJ.openImage(file.toString());
		stack.setRoi(0, y, size, size);
		return ImagePlusBridge.wrap(new Duplicator().run(stack, z + 1, z + depth));
	}
}
