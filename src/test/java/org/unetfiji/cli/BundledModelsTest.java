package org.unetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.model.ModelPackage;

/**
 * Every bundled model in {@code models/} reproduces the test metrics recorded in its descriptor
 * ({@code config.unet.training.test}): the same {@code ./unet segment} and {@code ./unet evaluate} run on the same
 * test images of {@code ../shared/data} gives each recorded overall metric within 0.01.
 */
class BundledModelsTest {

	private static final Path MODELS = Path.of("models");
	private static final Path DATA = Path.of("../shared/data");
	private static final double TOLERANCE = 0.01;

	@TempDir
	static Path work;

	@TestFactory
	Stream<DynamicTest> bundledModelsReproduceTheirRecordedTestMetrics() throws IOException {
		assumeTrue(Files.isDirectory(DATA), "shared data not available");
		List<DynamicTest> tests = new ArrayList<>();
		try (Stream<Path> folders = Files.list(MODELS)) {
			for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
				List<Map<String, Object>> records = testRecords(folder);
				assertFalse(records.isEmpty(), folder + " records no test metrics (config.unet.training.test)");
				for (Map<String, Object> record : records)
					tests.add(DynamicTest.dynamicTest(folder.getFileName() + " on " + record.get("images"),
						() -> reproduce(folder, record)));
			}
		}
		assertFalse(tests.isEmpty(), "no bundled models in " + MODELS.toAbsolutePath());
		return tests.stream();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> testRecords(Path folder) throws IOException {
		try (ModelPackage model = ModelPackage.open(folder)) {
			Object test = model.descriptor().training().get("test");
			return test instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
		}
	}

	@SuppressWarnings("unchecked")
	private static void reproduce(Path model, Map<String, Object> record) throws IOException {
		Path out = Files.createTempDirectory(work, model.getFileName().toString());
		List<String> segment = new ArrayList<>(List.of("segment", "model=" + model,
			"input=" + DATA.resolve((String) record.get("images")), "output=" + out.resolve("segmented")));
		String options = (String) record.getOrDefault("segment", "");
		if (!options.isBlank()) segment.addAll(Arrays.asList(options.strip().split("\\s+")));
		CommandLineTest.Result segmented = CommandLineTest.run(segment.toArray(String[]::new));
		assertEquals(0, segmented.code(), segmented.err());

		CommandLineTest.Result evaluated = CommandLineTest.run("evaluate", "prediction=" + out.resolve("segmented"),
			"truth=" + DATA.resolve((String) record.get("labels")), "output=" + out.resolve("metrics.csv"),
			"metrics=" + record.get("metrics"));
		assertEquals(0, evaluated.code(), evaluated.err());
		Map<String, Double> measured = overall(out.resolve("metrics.csv"));
		Map<String, Object> recorded = (Map<String, Object>) record.get("overall");
		assertFalse(recorded.isEmpty());
		recorded.forEach((metric, value) -> {
			assertTrue(measured.containsKey(metric), metric + " not measured; columns " + measured.keySet());
			double expected = ((Number) value).doubleValue();
			assertEquals(expected, measured.get(metric), TOLERANCE, model.getFileName() + " " + metric + " on " +
				record.get("images") + ": recorded " + expected + ", measured " + measured.get(metric));
		});
	}

	/** The overall row of a metrics CSV of {@code ./unet evaluate}. */
	private static Map<String, Double> overall(Path csv) throws IOException {
		List<String> lines = Files.readAllLines(csv);
		String[] header = lines.get(0).split(",");
		String[] overall = lines.stream().filter(line -> line.startsWith("overall,")).findFirst().orElseThrow()
			.split(",");
		Map<String, Double> values = new LinkedHashMap<>();
		for (int c = 1; c < header.length && c < overall.length; c++)
			if (!overall[c].isEmpty()) values.put(header[c], Double.valueOf(overall[c]));
		return values;
	}
}
