package org.unetfiji.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.training.RoiLabels;
import org.unetfiji.training.TargetSettings;
import org.unetfiji.evaluation.Evaluation;
import org.unetfiji.evaluation.FilePairing;
import org.unetfiji.evaluation.LabelSource;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.model.ModelLocator;
import org.unetfiji.training.LabelKind;
import org.unetfiji.training.WeightMode;

import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * The evaluate, weight-map, model-info and export use cases called as Java, as the command line and Fiji call them:
 * images in memory give what their files give, events arrive in order, and wrong values give {@code ./unet}'s
 * messages.
 */
class ToolTasksTest {

	private static final Path EM_LABELS = Path.of("../shared/data/isbi2012-em-membranes/test/labels");
	private static final Path NUCLEI = Path.of("../shared/data/dsb2018-stardist-nuclei-2d/test/labels/001.tif");

	@TempDir
	Path work;

	@Test
	void evaluatesAnImageInMemoryAgainstAFolderByItsName() throws Exception {
		Hyperstack<?> prediction = ImageFiles.read(EM_LABELS.resolve("021.png"));
		Path csvFolder = Files.createDirectories(work.resolve("report"));
		List<String> events = new ArrayList<>();
		EvaluateListener listener = new EvaluateListener() {

			@Override
			public void paired(FilePairing.Result pairing) {
				events.add("paired " + pairing.pairs().size() + " of " +
					(pairing.pairs().size() + pairing.truthWithoutPrediction().size()));
			}

			@Override
			public void evaluating(int index, int total, FilePairing.Pair pair) {
				events.add("evaluating " + pair.name() + " " + pair.prediction().fileName());
			}

			@Override
			public void evaluated(Evaluation.Report report, int count) {
				events.add("evaluated " + count);
			}
		};
		EvaluateRequest request = new EvaluateRequest(FilePairing.Side.of(new LabelSource.InMemory(prediction)),
			FilePairing.Side.of(EM_LABELS), csvFolder, EvaluateRequest.DEFAULTS);

		EvaluateTask.Result inMemory = EvaluateTask.run(request, listener, () -> false);

		assertEquals(List.of("paired 1 of 5", "evaluating 021 021.tif", "evaluated 1"), events);
		assertEquals(csvFolder.resolve(EvaluateRequest.CSV_NAME), inMemory.csv());
		EvaluateTask.Result fromFile = EvaluateTask
			.run(new EvaluateRequest(FilePairing.Side.of(EM_LABELS.resolve("021.png")), FilePairing.Side.of(EM_LABELS),
				work.resolve("file.csv"), EvaluateRequest.DEFAULTS), new EvaluateListener() {}, () -> false);
		assertEquals(Files.readString(fromFile.csv()), Files.readString(inMemory.csv()));
		assertTrue(Files.readString(inMemory.csv()).startsWith("image,pixel_accuracy"),
			"the truth itself: " + Files.readString(inMemory.csv()));

		assertThrows(CancellationException.class, () -> EvaluateTask.run(request, listener, () -> true));
	}

	@Test
	void weightMapInMemoryEqualsTheWeightMapOfTheFile() throws Exception {
		var targets = targets("instances", "none", "auto", 50, 6, 0.1, 10);
		assertEquals(WeightMode.BORDER, targets.weights());
		Path output = work.resolve("weights.tif");
		List<Path> written = new ArrayList<>();

		Hyperstack<FloatType> fromFile = WeightMapTask.run(WeightMapRequest.of(NUCLEI, output, targets),
			new WeightMapListener() {

				@Override
				public void written(Path file) {
					written.add(file);
				}
			}, () -> false);
		Hyperstack<FloatType> inMemory = WeightMapTask.run(WeightMapRequest.of(ImageFiles.read(NUCLEI), null, targets),
			new WeightMapListener() {}, () -> false);

		assertEquals(List.of(output), written);
		assertEquals(1, inMemory.sizeC());
		float[] memory = pixels(inMemory);
		assertArrayEquals(pixels(fromFile), memory);
		assertArrayEquals(pixels(ImageFiles.read(output)), memory);
		assertTrue(max(memory) > 10, "gaps between touching nuclei weigh most: " + max(memory));
		assertThrows(FileAlreadyExistsException.class, () -> WeightMapTask
			.run(WeightMapRequest.of(NUCLEI, NUCLEI, targets), new WeightMapListener() {}, () -> false),
			"never overwrites its input");
	}

	@Test
	void typedChoicesAreCheckedWithTheCommandLinesMessages() {
		assertEquals(WeightMode.BALANCE, targets("classes", null, null, 50, 6, 0.1, 10).weights());
		assertEquals(LabelKind.AUTO, targets(null, "7", null, 50, 6, 0.1, 10).labels());
		assertMessage("weights=x is not one of auto, border, balance, none",
			() -> targets("auto", "none", "x", 50, 6, 0.1, 10));
		assertMessage("ignore=0 is not possible: 0 is background", () -> targets("auto", "0", "auto", 50, 6, 0.1, 10));
		assertEquals(0, targets("dense", "0", null, 50, 6, 0.1, 10).map().ignoreLabel().getAsInt(),
			"dense labels may leave out 0");
		assertMessage("ignore=x is not a whole number", () -> targets("auto", "x", "auto", 50, 6, 0.1, 10));
		assertMessage("border-weight=2000.0 is out of range [0.0, 1000.0]",
			() -> targets("auto", "none", "auto", 2000, 6, 0.1, 10));
		assertMessage("background-weight=1.5 is out of range [0.0, 1.0]",
			() -> targets("auto", "none", "auto", 50, 6, 1.5, 10));
		assertMessage("weights=border needs objects", () -> targets("classes", "none", "border", 50, 6, 0.1, 10));
		assertMessage("labels=" + work + " is not a file",
			() -> WeightMapRequest.of(work, null, targets(null, null, null, 50, 6, 0.1, 10)));
		assertMessage("format=torchscript is not supported; use format=onnx",
			() -> new ExportRequest(work, "torchscript", null));
	}

	@Test
	void modelInfoDescribesABundledModelAndListsTheFolder() throws Exception {
		ModelLocator models = ModelLocator.installed(Path.of(""));
		List<String> lines = new ArrayList<>();
		ModelInfoListener collect = new ModelInfoListener() {

			@Override
			public void line(String line) {
				lines.add(line);
			}
		};
		ModelInfoTask.run(new ModelInfoRequest(models, null), collect, () -> false);
		assertEquals("models in " + models.modelsFolder() + ":", lines.get(0));
		assertTrue(lines.contains("  em-membranes-2d"), lines.toString());

		lines.clear();
		ModelInfoTask.run(new ModelInfoRequest(null, models.resolve("em-membranes-2d")), collect, () -> false);
		assertEquals("model:          em-membranes-2d", lines.get(0));
		assertTrue(lines.contains("classes:        membrane, cell"), lines.toString());
		assertTrue(lines.stream().anyMatch(line -> line.startsWith("receptive field [")), lines.toString());
		assertThrows(IllegalArgumentException.class, () -> new ModelInfoRequest(null, null));
	}

	private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
		String message = assertThrows(IllegalArgumentException.class, call).getMessage();
		assertTrue(message.startsWith(expected), "expected " + expected + ", got " + message);
	}

	private static float[] pixels(Hyperstack<?> image) {
		List<Float> values = new ArrayList<>();
		Views.flatIterable(image.data()).forEach(v -> values.add(v.getRealFloat()));
		float[] array = new float[values.size()];
		for (int i = 0; i < array.length; i++)
			array[i] = values.get(i);
		return array;
	}

	private static float max(float[] values) {
		float max = Float.NEGATIVE_INFINITY;
		for (float v : values)
			max = Math.max(max, v);
		return max;
	}

	/** Targets from typed choices as Fiji's Weight Map dialog gives them; {@code null} for a choice's default. */
	private static TargetSettings targets(String labelType, String ignore, String weights, double borderWeight,
		double borderSigma, double backgroundWeight, double nearSigma)
	{
		return new TrainTargets(LabelKind.parse(labelType == null ? "auto" : labelType),
			TrainTargets.weights(weights == null ? "auto" : weights),
			TrainTargets.ignore(ignore == null ? "none" : ignore), borderWeight, borderSigma, backgroundWeight,
			nearSigma).resolve(RoiLabels.Content.NONE);
	}
}
