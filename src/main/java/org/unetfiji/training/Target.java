package org.unetfiji.training;

import java.util.Locale;

/** What the network learns to predict from object labels. */
public enum Target {

	/** Background and foreground (or the classes of class masks): objects are cut apart by the weight map's gaps. */
	FOREGROUND,
	/**
	 * The edges of the labels as a class of their own: background, object interior and boundary for objects on a
	 * background; interior and boundary for dense labels, where every voxel belongs to some object.
	 */
	BOUNDARY;

	/** Reads {@code foreground} or {@code boundary}. */
	public static Target parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("target=" + text + " is not one of auto, foreground, boundary");
		}
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
