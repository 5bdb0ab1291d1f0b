package org.unetfiji.api;

/**
 * What every use case reports while it runs, so that the command line can print it and Fiji can show it in the
 * status bar and the log. Each use case's own listener extends this with its results. All methods default to
 * doing nothing, so a caller implements only what it shows.
 */
public interface ProgressListener {

	/** A step of the work begins, e.g. {@code segmenting cells.tif with nuclei-2d on CPU}. */
	default void status(String message) {}

	/** Part of the work is done: {@code done} of {@code total} units (images, tiles, steps). */
	default void progress(long done, long total) {}

	/** Something the user should read but that is not an error, e.g. the device chosen or a tile plan. */
	default void note(String message) {}
}
