package org.unetfiji.inference.postprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unetfiji.engine.tensorflow.TensorFlowEngine;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.ops.ConnectedComponents;
import org.unetfiji.image.ops.Connectivity;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.inference.Segmentation;
import org.unetfiji.inference.tiling.MemoryBudget;
import org.unetfiji.inference.tiling.TileSettings;
import org.unetfiji.inference.tiling.TiledPredictor;
import org.unetfiji.model.DescriptorIO;
import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.Processing;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Post-processing chains: read from and written to a model package, checked, and run on the bundled 2D nuclei model
 * over a real HeLa image (the defaults against today's overload, and the threshold step).
 */
class PostprocessingTest {

	private static final Path IMAGE = Path.of("../shared/data/ctc-hela-nuclei-2d/test/images/t79.tif");
	private static final List<String> BUNDLED = List.of("em-membranes-2d", "nuclei-2d", "nuclei-3d");

	private static ModelPackage model;
	private static LoadedModel nuclei;
	private static TiledPredictor predictor;
	private static Hyperstack<?> image;

	@BeforeAll
	static void load() throws IOException {
		model = ModelPackage.open(Path.of("models/nuclei-2d"));
		nuclei = LoadedModel.load(model, new TensorFlowEngine());
		predictor = nuclei.predictor(TileSettings.parse("256", null, null, null), new MemoryBudget(1L << 30, 1L << 30));
		image = ImageFiles.read(IMAGE);
	}

	@AfterAll
	static void close() throws IOException {
		nuclei.close();
		model.close();
	}

	@Test
	void bundledModelsRecordNothingAndGetTheDefaults() throws Exception {
		for (String name : BUNDLED) {
			Path rdf = Path.of("models", name, "rdf.yaml");
			ModelDescriptor descriptor = DescriptorIO.read(rdf);
			assertEquals(List.of(), descriptor.postprocessing(), name);
			assertEquals(Postprocessing.defaults().steps(), Postprocessing.forModel(descriptor).steps(), name);
			assertFalse(DescriptorIO.toYaml(descriptor).contains("postprocessing"), name);
		}
		assertEquals(
			List.of(new Processing("argmax", Map.of()),
				new Processing("components", Map.of("connectivity", "face", "min_size", 0))),
			Postprocessing.defaults().steps());
	}

	@Test
	void aRecordedChainTravelsInTheModelPackageAndMinSizeOverridesIt() throws Exception {
		List<Processing> recorded = List.of(new Processing("threshold", Map.of("threshold", 0.7)),
			new Processing("components", Map.of("min_size", 30)));
		ModelDescriptor descriptor = model.descriptor().toBuilder().postprocessing(recorded).build();
		String yaml = DescriptorIO.toYaml(descriptor);
		assertTrue(yaml.contains("postprocessing:"), yaml);
		ModelDescriptor read = DescriptorIO.parse(yaml, "rdf.yaml");
		assertEquals(recorded, read.postprocessing());

		Postprocessing chain = Postprocessing.forModel(read);
		assertEquals(List.of(new Processing("threshold", Map.of("threshold", 0.7)),
			new Processing("components", Map.of("connectivity", "face", "min_size", 30))), chain.steps());
		assertEquals(new Processing("components", Map.of("connectivity", "face", "min_size", 5)),
			chain.withMinSize(5).steps().get(1));
		assertEquals(chain.steps().get(0), chain.withMinSize(5).steps().get(0));
		// a chain with only an instance step gets the default labelling
		assertEquals("argmax", Postprocessing.of(List.of(new Processing("components", Map.of("connectivity", "full"))))
			.steps().get(0).id());
	}

	@Test
	void wrongChainsAreRejectedWithTheStepNamed() {
		assertEquals("unknown post-processing step 'mutex' (known: " + String.join(", ", Postprocessing.keys()) + ")",
			message(List.of(new Processing("mutex", Map.of()))));
		assertTrue(
			Postprocessing.keys().containsAll(List.of("argmax", "boundaries", "components", "threshold", "watershed")));
		assertEquals("post-processing step 'threshold' has no parameter 'level' (it has: threshold)",
			message(List.of(new Processing("threshold", Map.of("level", 0.5)))));
		assertEquals("post-processing step 'threshold': threshold must be a probability between 0 and 1, not '1.5'",
			message(List.of(new Processing("threshold", Map.of("threshold", 1.5)))));
		assertEquals("post-processing step 'components': min_size must be a whole number, 0 or more, not '-1'",
			message(List.of(new Processing("components", Map.of("min_size", -1)))));
		assertEquals("post-processing step 'components': connectivity must be face or full, not 'diagonal'",
			message(List.of(new Processing("components", Map.of("connectivity", "diagonal")))));
		assertEquals("post-processing steps 'argmax' and 'threshold' both label classes; keep one",
			message(List.of(new Processing("argmax", Map.of()), new Processing("threshold", Map.of()))));
		var threshold = Postprocessing.of(List.of(new Processing("threshold", Map.of()))).classes();
		assertEquals(
			"post-processing step 'threshold' labels models with a background and at least one foreground " +
				"class, not 1 class(es)",
			assertThrows(IllegalArgumentException.class, () -> threshold.check(1)).getMessage());
	}

	@Test
	void theDefaultChainGivesWhatTheMinSizeOverloadGives() throws IOException {
		Segmentation.Result old = Segmentation.segment(predictor, image, 20, TiledPredictor.Listener.SILENT,
			() -> false);
		Segmentation.Result chained = Segmentation.segment(predictor, image, Postprocessing.defaults().withMinSize(20),
			TiledPredictor.Listener.SILENT, () -> false);
		assertArrayEquals(values(old.labels().data()), values(chained.labels().data()));
		assertArrayEquals(values(old.instances().data()), values(chained.instances().data()));
		assertArrayEquals(values(old.probabilities().data()), values(chained.probabilities().data()));
	}

	@Test
	void thresholdLabelsConfidentForegroundAndItsComponentsAreTheInstances() throws IOException {
		Segmentation.Result argmax = segment(List.of());
		Segmentation.Result half = segment(List.of(new Processing("threshold", Map.of())));
		Segmentation.Result confident = segment(List.of(new Processing("threshold", Map.of("threshold", 0.99))));

		double[] foreground = values(Views.hyperSlice(half.probabilities().data(), Hyperstack.AXIS_C, 1));
		double[] halfLabels = values(half.labels().data());
		double[] confidentLabels = values(confident.labels().data());
		long argmaxCount = count(values(argmax.labels().data()));
		long confidentCount = count(confidentLabels);
		for (int i = 0; i < foreground.length; i++) {
			assertEquals(foreground[i] > 0.5 ? 1 : 0, halfLabels[i]);
			assertEquals(foreground[i] > 0.99 ? 1 : 0, confidentLabels[i]);
		}
		// softmax of two classes: 0.5 is argmax but for rounding; 0.99 keeps a strict, non-empty part of it
		assertTrue(Math.abs(count(halfLabels) - argmaxCount) < argmaxCount / 1000,
			count(halfLabels) + " vs " + argmaxCount);
		assertTrue(confidentCount > 0 && confidentCount < argmaxCount * 0.95, confidentCount + " vs " + argmaxCount);
		var plane = Views.hyperSlice(Views.hyperSlice(confident.labels().data(), Hyperstack.AXIS_T, 0),
			Hyperstack.AXIS_C, 0);
		assertArrayEquals(values(ConnectedComponents.label(plane, Connectivity.FACE)),
			values(confident.instances().data()));
	}

	@Test
	void thresholdLabelsIndependentChannelsAndReplacesTheRecordedLabelling() {
		Postprocessing chain = Postprocessing.of(List.of(new Processing("components", Map.of("min_size", 7))))
			.withThreshold(0.6);
		assertEquals("[threshold {threshold=0.6}, components {connectivity=face, min_size=7}]", chain.toString());
		// channel 0: the background (not looked at); channels 1 and 2 each their own probability
		float[][] probabilities = { { 1, 1, 1, 1, 1 }, { 0.5f, 0.7f, 0.1f, 0.65f, 0.9f },
			{ 0.59f, 0.2f, 0.8f, 0.95f, 0.7f } };
		// none above 0.6, only channel 1, only channel 2, both (2 higher), both (1 higher)
		assertArrayEquals(new int[]{ 0, 1, 2, 2, 1 }, chain.classes().classes(probabilities));
		assertEquals("[threshold {threshold=0.3}, components {connectivity=face, min_size=7}]",
			chain.withThreshold(0.3).toString());
		assertEquals("post-processing step 'threshold': threshold must be a probability between 0 and 1, not '1.0'",
			assertThrows(IllegalArgumentException.class, () -> chain.withThreshold(1)).getMessage());
	}

	@Test
	void aStepRegisteredOnlyInTheTestsIsFoundByItsKey() throws IOException {
		double[] argmax = values(segment(List.of()).labels().data());
		double[] least = values(segment(List.of(new Processing("test_least_probable", Map.of()))).labels().data());
		int differentPixels = 0;
		for (int i = 0; i < argmax.length; i++)
			if (least[i] != 1 - argmax[i]) differentPixels++;
		assertTrue(differentPixels < argmax.length / 1000, differentPixels + " pixels differ (equal probabilities)");
	}

	private static Segmentation.Result segment(List<Processing> steps) throws IOException {
		return Segmentation.segment(predictor, image, Postprocessing.of(steps), TiledPredictor.Listener.SILENT,
			() -> false);
	}

	private static String message(List<Processing> steps) {
		return assertThrows(IllegalArgumentException.class, () -> Postprocessing.of(steps)).getMessage();
	}

	private static long count(double[] labels) {
		long count = 0;
		for (double label : labels)
			if (label != 0) count++;
		return count;
	}

	private static double[] values(RandomAccessibleInterval<? extends RealType<?>> image) {
		double[] values = new double[(int) image.size()];
		var cursor = Views.flatIterable(image).cursor();
		for (int i = 0; cursor.hasNext(); i++)
			values[i] = cursor.next().getRealDouble();
		assertFalse(values.length == 0);
		return values;
	}
}
