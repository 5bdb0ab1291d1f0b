package org.unetfiji.api;

/** Receives the lines of a model check as {@code ./unet check} prints them. */
public interface CheckListener extends ProgressListener {

	/** One line of the report, e.g. {@code largest difference: 1.7e-06 (tolerance 1e-4 + 1e-3 * |expected|)}. */
	default void line(String line) {}
}
