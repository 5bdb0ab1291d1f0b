package org.unetfiji.training;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import ij.gui.Roi;
import ij.io.RoiDecoder;
import ij.process.ImageProcessor;

/**
 * ImageJ ROI sets as annotations: a {@code .zip} as the ROI Manager saves it, or a single {@code .roi}, painted
 * into a label image (headless, no ROI Manager).
 * <p>
 * Every area ROI (polygon, freehand, traced, rectangle, oval, composite) is one object, with the ids 1..n in the
 * order of the set. ROIs named {@code ignore} mark regions to ignore; ROIs named {@code Class#k} (k ≥ 1) paint
 * the class k instead of an object id, making the set a class mask. The ROI Manager's suffixes for repeated
 * names ({@code ignore-2}, {@code Class#1-3}) are allowed. Where ROIs overlap, the later one in the set wins. On
 * a stack each ROI paints only its slice (its Z position), and a ROI without one is an error; on a 2D image
 * positions are not looked at. Line and point ROIs are errors.
 */
public final class RoiLabels {

	/** The label value ignore ROIs get when no {@code ignore=} value is given: no object id or class reaches it. */
	public static final int IGNORE = Integer.MAX_VALUE;

	private static final Pattern IGNORE_NAME = Pattern.compile("ignore(-\\d+)?", Pattern.CASE_INSENSITIVE);
	private static final Pattern CLASS_NAME = Pattern.compile("class#(\\d{1,9})(-\\d+)?", Pattern.CASE_INSENSITIVE);

	/**
	 * What ROI sets annotate.
	 *
	 * @param kind {@link LabelKind#INSTANCES} for objects, {@link LabelKind#CLASSES} for {@code Class#k} ROIs,
	 *            {@link LabelKind#AUTO} when there are no ROI sets (or they only mark regions to ignore)
	 * @param ignores whether some ROIs mark regions to ignore
	 */
	public record Content(LabelKind kind, boolean ignores) {

		/** No ROI sets. */
		public static final Content NONE = new Content(LabelKind.AUTO, false);

		/** The content of both; objects in one and classes in the other are an error. */
		public Content and(Content other) {
			if (kind != LabelKind.AUTO && other.kind != LabelKind.AUTO && kind != other.kind)
				throw new IllegalArgumentException(
					"some ROI sets name classes (Class#k) and others objects; use one or the other");
			return new Content(kind == LabelKind.AUTO ? other.kind : kind, ignores || other.ignores);
		}

		/** The label kind to train with when {@code label-type=} is {@code given}: the ROIs decide for auto. */
		public LabelKind labelKind(LabelKind given) {
			if (given == LabelKind.AUTO) return kind;
			if (kind == LabelKind.CLASSES && given != LabelKind.CLASSES) throw new IllegalArgumentException(
				"ROIs named Class#k give class masks; label-type=" + given + " does not fit them");
			if (kind == LabelKind.INSTANCES && given == LabelKind.CLASSES) throw new IllegalArgumentException(
				"the ROI sets hold objects (no ROI is named Class#k); label-type=classes does not fit them");
			return given;
		}
	}

	private RoiLabels() {}

	/** Whether a file is an ROI set ({@code .zip} or {@code .roi}). */
	public static boolean isRoiFile(Path file) {
		return file.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(zip|roi)$");
	}

	/** The ROIs of a {@code .roi} file, or of a {@code .zip} in the order of the set. */
	public static List<Roi> read(Path file) throws IOException {
		List<Roi> rois = new ArrayList<>();
		if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip"))
			rois.add(decode(Files.readAllBytes(file), file.getFileName().toString(), file));
		else try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry())
				if (entry.getName().toLowerCase(Locale.ROOT).endsWith(".roi"))
					rois.add(decode(zip.readAllBytes(), entry.getName(), file));
		}
		if (rois.isEmpty()) throw new IllegalArgumentException(file + " holds no ROI");
		return rois;
	}

	/**
	 * What a set annotates.
	 *
	 * @throws IllegalArgumentException where ROIs named {@code Class#k} and other objects are mixed
	 */
	public static Content content(List<Roi> rois, String source) {
		int classes = 0;
		int objects = 0;
		boolean ignores = false;
		for (Roi roi : rois) {
			if (isIgnore(roi)) ignores = true;
			else if (classOf(roi).isPresent()) classes++;
			else objects++;
		}
		if (classes > 0 && objects > 0) throw new IllegalArgumentException(source + ": " + classes +
			" ROI(s) are named Class#k and " + objects + " are not; name every ROI Class#k (or ignore), or none");
		return new Content(classes > 0 ? LabelKind.CLASSES : objects > 0 ? LabelKind.INSTANCES : LabelKind.AUTO,
			ignores);
	}

	/**
	 * Paints a set into a label image: objects 1..n, or classes k, on background 0; later ROIs over earlier ones.
	 *
	 * @param source the set's name, for messages
	 * @param ignore the value of ignore ROIs
	 * @return the labels in C order ({@code z, y, x})
	 * @throws IllegalArgumentException for ROIs that are not areas, lack a slice, lie beyond the stack, or whose id
	 *             or class is the ignore value; for ignore ROIs without an ignore value
	 */
	public static int[] rasterise(List<Roi> rois, String source, int width, int height, int depth, OptionalInt ignore) {
		content(rois, source);
		int[] labels = new int[width * height * depth];
		int objects = 0;
		for (Roi roi : rois) {
			String what = source + ": ROI '" + roi.getName() + "'";
			if (!roi.isArea()) throw new IllegalArgumentException(what + " is a " + roi.getTypeAsString() +
				" ROI; annotations are areas (polygon, freehand, traced, rectangle, oval, composite)");
			int value;
			if (isIgnore(roi)) value = ignore.orElseThrow(
				() -> new IllegalArgumentException(what + " marks a region to ignore; give an ignore= value"));
			else {
				value = classOf(roi).orElse(++objects);
				if (ignore.isPresent() && value == ignore.getAsInt()) throw new IllegalArgumentException(what +
					" would get the label " + value + ", the ignore value; choose another ignore= or leave it out");
			}
			paint(roi, value, slice(roi, depth, what), labels, width, height);
		}
		return labels;
	}

	/** The 0-based slice a ROI paints on a stack of {@code depth} slices (0 for 2D images). */
	private static int slice(Roi roi, int depth, String what) {
		if (depth == 1) return 0;
		int z = roi.hasHyperStackPosition() ? roi.getZPosition() : roi.getPosition();
		if (z < 1) throw new IllegalArgumentException(what + " has no slice position; on a stack every ROI needs " +
			"one (add it to the ROI Manager while its slice is shown)");
		if (z > depth) throw new IllegalArgumentException(what + " lies on slice " + z + " of a stack of " + depth);
		return z - 1;
	}

	private static void paint(Roi roi, int value, int z, int[] labels, int width, int height) {
		Rectangle bounds = roi.getBounds();
		ImageProcessor mask = roi.getMask();
		int offset = z * width * height;
		for (int y = Math.max(0, bounds.y); y < Math.min(height, bounds.y + bounds.height); y++)
			for (int x = Math.max(0, bounds.x); x < Math.min(width, bounds.x + bounds.width); x++)
				if (mask == null || mask.get(x - bounds.x, y - bounds.y) != 0) labels[offset + y * width + x] = value;
	}

	private static boolean isIgnore(Roi roi) {
		return roi.getName() != null && IGNORE_NAME.matcher(roi.getName()).matches();
	}

	private static OptionalInt classOf(Roi roi) {
		Matcher m = roi.getName() == null ? null : CLASS_NAME.matcher(roi.getName());
		if (m == null || !m.matches()) return OptionalInt.empty();
		int k = Integer.parseInt(m.group(1));
		if (k < 1) throw new IllegalArgumentException(
			"ROI '" + roi.getName() + "': classes are 1, 2, ... (0 is " + "background)");
		return OptionalInt.of(k);
	}

	/** Decodes one ROI; {@code name} names it when it holds no name of its own. */
	private static Roi decode(byte[] bytes, String name, Path file) throws IOException {
		Roi roi = new RoiDecoder(bytes, name).getRoi();
		if (roi == null) throw new IOException(file + " holds a ROI ImageJ cannot read");
		return roi;
	}
}
