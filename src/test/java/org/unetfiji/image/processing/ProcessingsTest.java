package org.unetfiji.image.processing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.unetfiji.model.Processing;

/** Every standard bioimage.io processing step against values computed by hand. */
class ProcessingsTest {

	private static final float EPS = 1e-5f;

	/** (channel 2, x 3): channel 0 holds 1, 2, 3 and channel 1 holds 10, 20, 30. */
	private static AxisTensor twoChannels() {
		return new AxisTensor(new float[]{ 1, 2, 3, 10, 20, 30 }, new long[]{ 2, 3 }, List.of("channel", "x"));
	}

	private static float[] run(String id, Map<String, Object> kwargs, AxisTensor tensor) {
		Processings.run(List.of(Processings.create(new Processing(id, kwargs))), tensor, Map.of("raw", tensor));
		return tensor.data();
	}

	@Test
	void elementwiseSteps() {
		assertArrayEquals(new float[]{ 0.5f, (float) (1 / (1 + Math.exp(-2))) },
			run("sigmoid", Map.of(), new AxisTensor(new float[]{ 0, 2 }, new long[]{ 2 }, List.of("x"))), EPS);
		assertArrayEquals(new float[]{ 2, 2, 3, 10, 10, 10 }, run("clip", Map.of("min", 2, "max", 10), twoChannels()),
			EPS);
		assertArrayEquals(new float[]{ 0, 0, 1, 1, 1, 1 }, run("binarize", Map.of("threshold", 2.5), twoChannels()),
			EPS);
		assertArrayEquals(new float[]{ 0, 1, 1, 0, 0, 1 },
			run("binarize", Map.of("threshold", List.of(1.5, 25), "axis", "channel"), twoChannels()), EPS);
		assertArrayEquals(new float[]{ -1, 2 }, run("ensure_dtype", Map.of("dtype", "int16"),
			new AxisTensor(new float[]{ -1.7f, 2.9f }, new long[]{ 2 }, List.of("x"))), EPS);
		assertArrayEquals(new float[]{ 1, 2, 3, 10, 20, 30 },
			run("ensure_dtype", Map.of("dtype", "float32"), twoChannels()), EPS);
	}

	@Test
	void linearStepsWithPerChannelParameters() {
		assertArrayEquals(new float[]{ 3, 5, 7, 21, 41, 61 },
			run("scale_linear", Map.of("gain", 2, "offset", 1), twoChannels()), EPS);
		assertArrayEquals(new float[]{ 2, 4, 6, 9, 19, 29 }, run("scale_linear",
			Map.of("gain", List.of(2, 1), "offset", List.of(0, -1), "axis", "channel"), twoChannels()), EPS);
		// (v - mean) / (std + eps), mean 2 and 20, std 1 and 10
		assertArrayEquals(new float[]{ -1, 0, 1, -1, 0, 1 },
			run("fixed_zero_mean_unit_variance",
				Map.of("mean", List.of(2, 20), "std", List.of(1, 10), "axis", "channel", "eps", 0), twoChannels()),
			EPS);
	}

	@Test
	void perSampleStatisticsOverTheGivenAxes() {
		// per channel over x: mean 2 and 20, population std sqrt(2/3) and 10 sqrt(2/3)
		double s = Math.sqrt(2.0 / 3);
		float a = (float) (1 / (s + 1e-6));
		float b = (float) (10 / (10 * s + 1e-6));
		assertArrayEquals(new float[]{ -a, 0, a, -b, 0, b },
			run("zero_mean_unit_variance", Map.of("axes", List.of("x")), twoChannels()), EPS);
		// over everything: mean 11, std of {1, 2, 3, 10, 20, 30}
		double mean = 11;
		double std = Math.sqrt((100 + 81 + 64 + 1 + 81 + 361) / 6.0);
		float[] all = run("zero_mean_unit_variance", Map.of("eps", 0), twoChannels());
		assertEquals((float) ((1 - mean) / std), all[0], EPS);
		assertEquals((float) ((30 - mean) / std), all[5], EPS);
		// percentiles 0 and 100 per channel map to 0 and 1; 50 is halfway
		assertArrayEquals(
			new float[]{ 0, 0.5f, 1, 0, 0.5f, 1 }, run("scale_range",
				Map.of("axes", List.of("x"), "min_percentile", 0, "max_percentile", 100, "eps", 0), twoChannels()),
			EPS);
		// the 25th percentile of 1, 2, 3 is 1.5 (linear interpolation, as numpy)
		float[] quarter = run("scale_range",
			Map.of("axes", List.of("x"), "min_percentile", 25, "max_percentile", 75, "eps", 0), twoChannels());
		assertEquals(-0.5f, quarter[0], EPS);
		assertEquals(1.5f, quarter[2], EPS);
	}

	@Test
	void scaleMeanVarianceMatchesTheReferenceTensor() {
		AxisTensor reference = new AxisTensor(new float[]{ 10, 30 }, new long[]{ 2 }, List.of("x"));
		AxisTensor tensor = new AxisTensor(new float[]{ 0, 2 }, new long[]{ 2 }, List.of("x"));
		Map<String, AxisTensor> tensors = new LinkedHashMap<>(Map.of("raw", reference));
		Processings.run(
			List.of(
				Processings.create(new Processing("scale_mean_variance", Map.of("reference_tensor", "raw", "eps", 0)))),
			tensor, tensors);
		assertArrayEquals(new float[]{ 10, 30 }, tensor.data(), EPS);
	}

	@Test
	void statisticsOfTheWholeImageApplyToEveryTile() {
		AxisTensor image = new AxisTensor(new float[]{ 0, 1, 2, 3, 4, 5, 6, 7 }, new long[]{ 1, 8 },
			List.of("batch", "x"));
		List<ProcessingStep> resolved = Processings.run(
			List.of(Processings.create(new Processing("scale_range", Map.of("axes", List.of("x"), "eps", 0)))),
			image.copy(), Map.of());
		// a batch of two tiles of 2 values, normalised with the image's range 0..7, not their own
		AxisTensor tiles = new AxisTensor(new float[]{ 0, 7, 3, 4 }, new long[]{ 2, 2 }, List.of("batch", "x"));
		Processings.apply(resolved, tiles);
		assertArrayEquals(new float[]{ 0, 1, 3 / 7f, 4 / 7f }, tiles.data(), EPS);
	}

	@Test
	void unknownStepsAndBadArgumentsAreOneLine() {
		assertEquals(
			"unknown processing step 'magic'; this plugin runs binarize, clip, ensure_dtype, " +
				"fixed_zero_mean_unit_variance, scale_linear, scale_mean_variance, scale_range, sigmoid, " +
				"zero_mean_unit_variance",
			assertThrows(IllegalArgumentException.class, () -> Processings.create(new Processing("magic", Map.of())))
				.getMessage());
		assertThrows(IllegalArgumentException.class,
			() -> Processings.create(new Processing("clip", Map.of("min", 3, "max", 1))));
		assertThrows(IllegalArgumentException.class,
			() -> run("zero_mean_unit_variance", Map.of("axes", List.of("z")), twoChannels()));
	}
}
