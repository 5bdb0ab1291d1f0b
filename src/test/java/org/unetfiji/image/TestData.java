package org.unetfiji.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared labelled microscopy data ({@code ../shared/data} from the repository root). */
final class TestData {

	static final Path ROOT = Path.of("..", "shared", "data");

	private TestData() {}

	static Path file(String relative) {
		Path file = ROOT.resolve(relative);
		assertTrue(Files.isRegularFile(file),
			"test data missing: " + file.toAbsolutePath() + " (the shared data folder must sit beside the checkout)");
		return file;
	}
}
