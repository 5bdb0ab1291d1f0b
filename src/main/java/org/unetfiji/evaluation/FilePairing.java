package org.unetfiji.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Pairs prediction and ground-truth label images by name, for evaluation.
 * <p>
 * Each side is a file or a folder of {@code .tif}, {@code .tiff} and {@code .png} images. Files are paired by their
 * name without extension, where a prediction's segmentation suffix is dropped too: truth {@code x.png} pairs with
 * prediction {@code x.labels.tif} (class map), {@code x.instances.tif} (object ids) or {@code x.tif}. When several of
 * these exist, instance predictions come first for object metrics and class maps first otherwise. The other outputs
 * of segmentation ({@code .probabilities.tif}, {@code .overlay.png}) are never paired. Two single files are paired
 * whatever their names.
 */
public final class FilePairing {

	/** Segmentation outputs that hold labels, in the order preferred for object metrics. */
	private static final List<String> INSTANCE_FIRST = List.of(".instances", ".labels", "");
	/** The same, in the order preferred for pixel metrics. */
	private static final List<String> CLASSES_FIRST = List.of(".labels", "", ".instances");
	/** Segmentation outputs that are not label images. */
	private static final List<String> NOT_LABELS = List.of(".probabilities", ".overlay");

	/** A truth image and its prediction; {@code name} is the truth file name without extension. */
	public record Pair(String name, Path truth, Path prediction) {}

	/**
	 * @param pairs the pairs, sorted by name
	 * @param truthWithoutPrediction truth images for which no prediction was found
	 * @param predictionsWithoutTruth prediction images for which no truth was found
	 */
	public record Result(List<Pair> pairs, List<Path> truthWithoutPrediction, List<Path> predictionsWithoutTruth) {}

	private FilePairing() {}

	/**
	 * @param instancesFirst prefer {@code NAME.instances.tif} over {@code NAME.labels.tif} when both exist
	 * @throws IllegalArgumentException if a path does not exist, a folder holds no image, or two truth images have
	 *             the same name
	 */
	public static Result pair(final Path truth, final Path prediction, final boolean instancesFirst)
			throws IOException {
		return pair(truth, prediction, file -> instancesFirst);
	}

	/**
	 * As {@link #pair(Path, Path, boolean)}, deciding per truth file (asked only where both a class map and an
	 * instance image exist) whether the instance image comes first.
	 */
	public static Result pair(final Path truth, final Path prediction, final Predicate<Path> instancesFirst)
			throws IOException {
		final List<Path> truthFiles = imageFiles(truth, "truth");
		final List<Path> predictionFiles = imageFiles(prediction, "prediction");
		if (Files.isRegularFile(truth) && Files.isRegularFile(prediction))
			return new Result(List.of(new Pair(stem(truth), truth, prediction)), List.of(), List.of());

		final Map<String, Path> truthByName = new TreeMap<>();
		for (final Path file : truthFiles) {
			final Path other = truthByName.put(stem(file), file);
			if (other != null)
				throw new IllegalArgumentException("truth images " + other.getFileName() + " and " + file.getFileName()
						+ " have the same name; keep one");
		}
		final Map<String, Map<String, Path>> predictionsByName = new TreeMap<>();
		for (final Path file : predictionFiles) {
			final String stem = stem(file);
			final String suffix = suffix(stem);
			if (!NOT_LABELS.contains(suffix))
				predictionsByName.computeIfAbsent(stem.substring(0, stem.length() - suffix.length()),
						k -> new LinkedHashMap<>()).put(suffix, file);
		}
		final List<Pair> pairs = new ArrayList<>();
		final List<Path> unpaired = new ArrayList<>();
		truthByName.forEach((name, file) -> {
			final Map<String, Path> candidates = predictionsByName.remove(name);
			if (candidates == null)
				unpaired.add(file);
			else
				pairs.add(new Pair(name, file, preferred(candidates, file, instancesFirst)));
		});
		final List<Path> unused = predictionsByName.values().stream().flatMap(m -> m.values().stream()).toList();
		return new Result(pairs, unpaired, unused);
	}

	/** The candidate a truth file pairs with, asking {@code instancesFirst} only where the choice matters. */
	private static Path preferred(final Map<String, Path> candidates, final Path truth,
			final Predicate<Path> instancesFirst) {
		final boolean choice = candidates.containsKey(".instances") && candidates.size() > 1;
		final List<String> preference = choice && !instancesFirst.test(truth) ? CLASSES_FIRST : INSTANCE_FIRST;
		return preference.stream().filter(candidates::containsKey).findFirst().map(candidates::get).orElseThrow();
	}

	/** The images a path names: the file itself, or the folder's images sorted by name. */
	private static List<Path> imageFiles(final Path path, final String key) throws IOException {
		if (Files.isRegularFile(path))
			return List.of(path);
		if (!Files.isDirectory(path))
			throw new IllegalArgumentException(key + "=" + path + " does not exist");
		try (Stream<Path> list = Files.list(path)) {
			final List<Path> files = list.filter(Files::isRegularFile)
					.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(tif|tiff|png)$"))
					.sorted().toList();
			if (files.isEmpty())
				throw new IllegalArgumentException(key + "=" + path + " holds no .tif or .png image");
			return files;
		}
	}

	/** File name without its extension. */
	private static String stem(final Path file) {
		final String name = file.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	/** The segmentation suffix ({@code .labels}, {@code .instances}, ...) of a stem, or "" if it has none. */
	private static String suffix(final String stem) {
		return Stream.of(INSTANCE_FIRST, NOT_LABELS).flatMap(List::stream)
				.filter(s -> !s.isEmpty() && stem.endsWith(s) && stem.length() > s.length()).findFirst().orElse("");
	}
}
