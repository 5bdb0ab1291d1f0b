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
 * Each side is a file, a folder of {@code .tif}, {@code .tiff} and {@code .png} images, or an image in memory
 * ({@link LabelSource.InMemory}). Files are paired by their
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

	/** A truth image and its prediction; {@code name} is the truth's name without extension. */
	public record Pair(String name, LabelSource truth, LabelSource prediction) {

		/** Two files. */
		public Pair(String name, Path truth, Path prediction) {
			this(name, new LabelSource.File(truth), new LabelSource.File(prediction));
		}
	}

	/**
	 * @param pairs the pairs, sorted by name
	 * @param truthWithoutPrediction truth images for which no prediction was found
	 * @param predictionsWithoutTruth prediction images for which no truth was found
	 */
	public record Result(List<Pair> pairs, List<LabelSource> truthWithoutPrediction,
		List<LabelSource> predictionsWithoutTruth) {}

	/**
	 * One side of the comparison: a file or folder ({@code path}), or one image in memory ({@code image}).
	 *
	 * @param path a label file or a folder of them; {@code null} for an image in memory
	 * @param image a label image in memory; {@code null} for a path
	 */
	public record Side(Path path, LabelSource image) {

		public Side {
			if ((path == null) == (image == null)) throw new IllegalArgumentException("give either a path or an image");
		}

		public static Side of(Path path) {
			return new Side(path, null);
		}

		public static Side of(LabelSource image) {
			return new Side(null, image);
		}

		/** Whether this is one image rather than a folder. */
		boolean single() {
			return image != null || Files.isRegularFile(path);
		}

		/** The images it names: the one image, or the folder's images sorted by name. */
		List<LabelSource> images(String key) throws IOException {
			if (image != null) return List.of(image);
			if (Files.isRegularFile(path)) return List.of(new LabelSource.File(path));
			if (!Files.isDirectory(path)) throw new IllegalArgumentException(key + "=" + path + " does not exist");
			try (Stream<Path> list = Files.list(path)) {
				List<LabelSource> files = list.filter(Files::isRegularFile)
					.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(tif|tiff|png)$"))
					.sorted().<LabelSource>map(LabelSource.File::new).toList();
				if (files.isEmpty())
					throw new IllegalArgumentException(key + "=" + path + " holds no .tif or .png image");
				return files;
			}
		}

		@Override
		public String toString() {
			return path != null ? path.toString() : image.fileName();
		}
	}

	private FilePairing() {}

	/**
	 * @param instancesFirst prefer {@code NAME.instances.tif} over {@code NAME.labels.tif} when both exist
	 * @throws IllegalArgumentException if a path does not exist, a folder holds no image, or two truth images have
	 *             the same name
	 */
	public static Result pair(Path truth, Path prediction, boolean instancesFirst) throws IOException {
		return pair(Side.of(truth), Side.of(prediction), image -> instancesFirst);
	}

	/**
	 * As {@link #pair(Path, Path, boolean)} for files, folders or images in memory, deciding per truth image (asked
	 * only where both a class map and an instance image exist) whether the instance image comes first.
	 */
	public static Result pair(Side truth, Side prediction, Predicate<LabelSource> instancesFirst) throws IOException {
		List<LabelSource> truthImages = truth.images("truth");
		List<LabelSource> predictionImages = prediction.images("prediction");
		if (truth.single() && prediction.single())
			return new Result(List.of(new Pair(stem(truthImages.get(0)), truthImages.get(0), predictionImages.get(0))),
				List.of(), List.of());

		Map<String, LabelSource> truthByName = new TreeMap<>();
		for (LabelSource image : truthImages) {
			LabelSource other = truthByName.put(stem(image), image);
			if (other != null) throw new IllegalArgumentException(
				"truth images " + other.fileName() + " and " + image.fileName() + " have the same name; keep one");
		}
		Map<String, Map<String, LabelSource>> predictionsByName = new TreeMap<>();
		for (LabelSource image : predictionImages) {
			String stem = stem(image);
			String suffix = suffix(stem);
			if (!NOT_LABELS.contains(suffix)) predictionsByName
				.computeIfAbsent(stem.substring(0, stem.length() - suffix.length()), k -> new LinkedHashMap<>())
				.put(suffix, image);
		}
		List<Pair> pairs = new ArrayList<>();
		List<LabelSource> unpaired = new ArrayList<>();
		truthByName.forEach((name, image) -> {
			Map<String, LabelSource> candidates = predictionsByName.remove(name);
			if (candidates == null) unpaired.add(image);
			else pairs.add(new Pair(name, image, preferred(candidates, image, instancesFirst)));
		});
		List<LabelSource> unused = predictionsByName.values().stream().flatMap(m -> m.values().stream()).toList();
		return new Result(pairs, unpaired, unused);
	}

	/** The candidate a truth file pairs with, asking {@code instancesFirst} only where the choice matters. */
	private static LabelSource preferred(Map<String, LabelSource> candidates, LabelSource truth,
		Predicate<LabelSource> instancesFirst)
	{
		boolean choice = candidates.containsKey(".instances") && candidates.size() > 1;
		List<String> preference = choice && !instancesFirst.test(truth) ? CLASSES_FIRST : INSTANCE_FIRST;
		return preference.stream().filter(candidates::containsKey).findFirst().map(candidates::get).orElseThrow();
	}

	/** File name without its extension. */
	private static String stem(LabelSource image) {
		String name = image.fileName();
		int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	/** The segmentation suffix ({@code .labels}, {@code .instances}, ...) of a stem, or "" if it has none. */
	private static String suffix(String stem) {
		return Stream.of(INSTANCE_FIRST, NOT_LABELS).flatMap(List::stream)
			.filter(s -> !s.isEmpty() && stem.endsWith(s) && stem.length() > s.length()).findFirst().orElse("");
	}
}
