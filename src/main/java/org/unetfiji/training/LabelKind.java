package org.unetfiji.training;

import java.util.Locale;

/** What the values of a label image mean. */
public enum LabelKind {

	/**
	 * Dense instance ids when at least 90 % of the annotated voxels of all images are labelled (non-zero), else, per
	 * image, binary masks when it holds at most one non-zero value (besides ignore), instance ids otherwise.
	 */
	AUTO,
	/** 0 = background, every other value one object; touching objects are separated by the weight map. */
	INSTANCES,
	/** 0 = background, any other value foreground; the connected components (4/6-connected) are the objects. */
	BINARY,
	/** The value is the class (0, 1, 2, ...): class masks, no objects. */
	CLASSES,
	/**
	 * Instance ids that fill the image (cells in a tissue): every value, 0 included unless it is the ignore value, is
	 * one object; they train a boundary target.
	 */
	DENSE;

	/** Reads {@code auto}, {@code instances}, {@code binary}, {@code classes} or {@code dense}. */
	public static LabelKind parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(
				"label-type=" + text + " is not one of auto, instances, binary, classes, dense");
		}
	}

	/** Whether the labels describe objects (instances), so that border weights and instance scores apply. */
	public boolean hasObjects() {
		return this != CLASSES;
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
