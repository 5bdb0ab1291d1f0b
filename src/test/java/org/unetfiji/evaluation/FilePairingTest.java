package org.unetfiji.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePairingTest {

	@TempDir
	Path dir;

	private Path folder(String name, String... files) throws IOException {
		Path folder = Files.createDirectories(dir.resolve(name));
		for (String file : files)
			Files.createFile(folder.resolve(file));
		return folder;
	}

	private static List<String> names(List<LabelSource> images) {
		return images.stream().map(LabelSource::fileName).toList();
	}

	@Test
	void pairsSegmentationOutputsWithTruthByName() throws IOException {
		Path truth = folder("truth", "a.png", "b.tif", "c.tif", "notes.txt");
		Path prediction = folder("prediction", "a.labels.tif", "a.instances.tif", "a.probabilities.tif",
			"a.overlay.png", "b.tif", "d.labels.tif", "metrics.csv");

		FilePairing.Result objects = FilePairing.pair(truth, prediction, true);
		assertEquals(List.of(new FilePairing.Pair("a", truth.resolve("a.png"), prediction.resolve("a.instances.tif")),
			new FilePairing.Pair("b", truth.resolve("b.tif"), prediction.resolve("b.tif"))), objects.pairs());
		assertEquals(List.of("c.tif"), names(objects.truthWithoutPrediction()));
		assertEquals(List.of("d.labels.tif"), names(objects.predictionsWithoutTruth()));

		FilePairing.Result pixels = FilePairing.pair(truth, prediction, false);
		assertEquals(new LabelSource.File(prediction.resolve("a.labels.tif")), pixels.pairs().get(0).prediction());
	}

	@Test
	void singleFilesPairWhateverTheirNames() throws IOException {
		Path truth = folder("truth", "gt.png").resolve("gt.png");
		Path prediction = folder("prediction", "result.tif", "gt.labels.tif");
		Path file = prediction.resolve("result.tif");
		assertEquals(List.of(new FilePairing.Pair("gt", truth, file)), FilePairing.pair(truth, file, false).pairs());
		// a single truth file against a folder is paired by name
		FilePairing.Result inFolder = FilePairing.pair(truth, prediction, false);
		assertEquals(new LabelSource.File(prediction.resolve("gt.labels.tif")), inFolder.pairs().get(0).prediction());
		assertEquals(List.of("result.tif"), names(inFolder.predictionsWithoutTruth()));
	}

	@Test
	void wrongPathsAreClearErrors() throws IOException {
		Path truth = folder("truth", "x.png", "x.tif");
		Path prediction = folder("prediction", "x.labels.tif");
		Path empty = folder("empty");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> FilePairing.pair(truth, prediction, false))
			.getMessage().contains("have the same name"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> FilePairing.pair(empty, prediction, false))
			.getMessage().contains("holds no .tif or .png image"));
		assertTrue(assertThrows(IllegalArgumentException.class,
			() -> FilePairing.pair(dir.resolve("missing"), prediction, false)).getMessage()
			.startsWith("truth=" + dir.resolve("missing") + " does not exist"));
	}
}
