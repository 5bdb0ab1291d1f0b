package org.unetfiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The layers of the code base, checked on the sources: the use-case packages ({@code training}, {@code inference},
 * {@code evaluation}) do not import each other, the shared core ({@code api} and below) knows nothing of its two
 * front ends ({@code cli}, {@code fiji}), and the low-level packages know nothing of the use cases.
 */
class PackageDependenciesTest {

	private static final Path SOURCES = Path.of("src/main/java/org/unetfiji");
	private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.unetfiji\\.([a-z0-9]+)\\.",
		Pattern.MULTILINE);

	private static final Set<String> USE_CASES = Set.of("training", "inference", "evaluation");
	private static final Set<String> FRONT_ENDS = Set.of("cli", "fiji", "ij1");
	private static final Set<String> LOW_LEVEL = Set.of("image", "model", "network", "device", "metrics");

	@Test
	void useCasesDoNotImportEachOther() throws IOException {
		List<String> sideways = new ArrayList<>();
		imports().forEach((from, to) -> {
			if (USE_CASES.contains(from)) for (String target : to)
				if (USE_CASES.contains(target) && !target.equals(from)) sideways.add(from + " -> " + target);
		});
		assertEquals(List.of(), sideways);
	}

	@Test
	void coreDoesNotKnowItsFrontEnds() throws IOException {
		List<String> upwards = new ArrayList<>();
		imports().forEach((from, to) -> {
			if (!FRONT_ENDS.contains(from)) for (String target : to)
				if (FRONT_ENDS.contains(target)) upwards.add(from + " -> " + target);
		});
		assertEquals(List.of(), upwards);
	}

	@Test
	void lowLevelPackagesDoNotKnowTheUseCases() throws IOException {
		List<String> upwards = new ArrayList<>();
		imports().forEach((from, to) -> {
			if (LOW_LEVEL.contains(from)) for (String target : to)
				if (USE_CASES.contains(target) || target.equals("api") || FRONT_ENDS.contains(target))
					upwards.add(from + " -> " + target);
		});
		assertEquals(List.of(), upwards);
	}

	@Test
	void everyPackageSaysWhatItHolds() throws IOException {
		List<String> undocumented = new ArrayList<>();
		try (var files = Files.walk(SOURCES)) {
			for (Path folder : files.filter(Files::isDirectory).toList()) {
				boolean hasClasses;
				try (var children = Files.list(folder)) {
					hasClasses = children.anyMatch(p -> p.toString().endsWith(".java"));
				}
				if (hasClasses && !Files.isRegularFile(folder.resolve("package-info.java")))
					undocumented.add(SOURCES.relativize(folder).toString());
			}
		}
		assertEquals(List.of(), undocumented);
	}

	/** The top-level packages under org.unetfiji that each top-level package imports. */
	private static Map<String, Set<String>> imports() throws IOException {
		Map<String, Set<String>> imports = new TreeMap<>();
		try (var files = Files.walk(SOURCES)) {
			for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
				Path relative = SOURCES.relativize(file);
				if (relative.getNameCount() < 2) continue;
				String from = relative.getName(0).toString();
				Matcher m = IMPORT.matcher(Files.readString(file));
				Set<String> targets = imports.computeIfAbsent(from, k -> new TreeSet<>());
				while (m.find())
					targets.add(m.group(1));
			}
		}
		assertTrue(imports.size() > 5, "no sources found in " + SOURCES.toAbsolutePath());
		return imports;
	}
}
