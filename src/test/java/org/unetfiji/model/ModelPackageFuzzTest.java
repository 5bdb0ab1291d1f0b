package org.unetfiji.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated descriptors and zip archives, bounded in time: each is either accepted or refused with a
 * {@link ModelPackageException}; nothing else escapes, nothing hangs, nothing is written outside the work folder.
 */
class ModelPackageFuzzTest {

	private static final Duration BUDGET = Duration.ofSeconds(6);
	private static final String[] ODD_VALUES = { "[]", "{}", "-1", "0", "1e309", "-1e309", ".nan", "null", "~", "true",
		"'" + "x".repeat(5000) + "'", "&a [*a, *a]", "!!binary AAAA", "!!java.io.File /tmp", "[[[[[[[[[[",
		"\"\\u0000\"", "2147483648", "9223372036854775808", "{a: {b: {c: {d: 1}}}}" };

	@TempDir
	Path dir;

	@Test
	void mutatedDescriptorsAreAcceptedOrRefusedClearly() throws IOException {
		String valid = Files.readString(Path.of("models/em-membranes-2d/rdf.yaml"));
		Random random = new Random(20261122);
		int[] counts = new int[2];
		assertTimeoutPreemptively(BUDGET.multipliedBy(2), () -> {
			long end = System.nanoTime() + BUDGET.toNanos();
			for (int i = 0; System.nanoTime() < end; i++) {
				String text = i == 0 ? valid : i % 10 == 9 ? randomText(random) : mutate(valid, random);
				try {
					DescriptorIO.parse(text, "fuzz.yaml");
					counts[0]++;
				}
				catch (ModelPackageException e) {
					assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "an error without a message");
					counts[1]++;
				}
				catch (RuntimeException | StackOverflowError e) {
					fail("descriptor " + i + " escaped with " + e + "; input:\n" + text, e);
				}
			}
		});
		System.out.printf("descriptor fuzzing: %d accepted, %d refused with a clear error%n", counts[0], counts[1]);
		// a share, not a count: how many descriptors fit in the time budget depends on the machine's load
		assertTrue(counts[0] > 0 && counts[1] > 0.3 * (counts[0] + counts[1]), Arrays.toString(counts));
	}

	@Test
	void exponentialAliasesAreRefusedQuickly() {
		StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
		for (int i = 1; i < 30; i++)
			bomb.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a")
				.append(i - 1).append(", *a").append(i - 1).append("]\n");
		assertTimeoutPreemptively(Duration.ofSeconds(5),
			() -> assertThrows(ModelPackageException.class, () -> DescriptorIO.parse(bomb.toString(), "bomb.yaml")));
	}

	@Test
	void mutatedZipArchivesAreAcceptedOrRefusedClearly() throws IOException {
		Path zip = dir.resolve("model.zip");
		try (ModelPackage model = TestModels.writeModel(dir.resolve("source"))) {
			model.toZip(zip);
		}
		byte[] original = Files.readAllBytes(zip);
		Path work = Files.createDirectories(dir.resolve("work"));
		ZipLimits limits = new ZipLimits(1 << 20, 100);
		Random random = new Random(7);
		int[] counts = new int[2];
		assertTimeoutPreemptively(BUDGET.multipliedBy(2), () -> {
			long end = System.nanoTime() + BUDGET.toNanos();
			for (int i = 0; System.nanoTime() < end; i++) {
				byte[] bytes = original.clone();
				if (i % 7 == 6) bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
				else for (int flips = 1 + random.nextInt(4); flips > 0; flips--)
					bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
				Path mutated = Files.write(dir.resolve("mutated.zip"), bytes);
				try (ModelPackage model = ModelPackage.open(mutated, limits, work)) {
					model.readTestInput();
					model.readTestOutput();
					counts[0]++;
				}
				catch (ModelPackageException e) {
					assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "an error without a message");
					counts[1]++;
				}
				catch (RuntimeException | StackOverflowError e) {
					fail("archive " + i + " escaped with " + e, e);
				}
			}
		});
		System.out.printf("zip fuzzing: %d opened, %d refused with a clear error%n", counts[0], counts[1]);
		assertTrue(counts[1] > 10, Arrays.toString(counts));
		try (Stream<Path> left = Files.list(work)) {
			assertTrue(left.findAny().isEmpty(), "extraction folders are removed after use");
		}
		try (Stream<Path> all = Files.list(dir)) {
			assertTrue(
				all.allMatch(
					p -> List.of("model.zip", "work", "source", "mutated.zip").contains(p.getFileName().toString())),
				"nothing written beside the work folder");
		}
	}

	private static String mutate(String valid, Random random) {
		List<String> lines = new ArrayList<>(List.of(valid.split("\n")));
		for (int edits = 1 + random.nextInt(3); edits > 0 && !lines.isEmpty(); edits--) {
			int at = random.nextInt(lines.size());
			String line = lines.get(at);
			switch (random.nextInt(6)) {
				case 0 -> lines.remove(at);
				case 1 -> lines.add(at, line);
				case 2 -> lines.set(at, " ".repeat(random.nextInt(4)) + line);
				case 3 -> {
					int colon = line.indexOf(':');
					if (colon >= 0) lines.set(at,
						line.substring(0, colon + 1) + " " + ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
				}
				case 4 -> {
					char[] chars = line.toCharArray();
					if (chars.length > 0) chars[random.nextInt(chars.length)] = (char) (32 + random.nextInt(95));
					lines.set(at, new String(chars));
				}
				default -> Collections.swap(lines, at, random.nextInt(lines.size()));
			}
		}
		return String.join("\n", lines);
	}

	private static String randomText(Random random) {
		byte[] bytes = new byte[random.nextInt(400)];
		random.nextBytes(bytes);
		return new String(bytes, StandardCharsets.ISO_8859_1);
	}
}
