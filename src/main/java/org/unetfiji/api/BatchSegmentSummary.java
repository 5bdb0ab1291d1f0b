package org.unetfiji.api;

import java.nio.file.Path;

/**
 * How a batch went.
 *
 * @param segmented images segmented; the others were skipped
 * @param output the output folder as given
 */
public record BatchSegmentSummary(int segmented, int images, double seconds, Path output) {

	/** Whether every image was segmented. */
	public boolean complete() {
		return segmented == images;
	}

	/** The line the command line prints last, e.g. {@code segmented 2 of 3 image(s) in 4.1 s into out}. */
	public String describe() {
		return String.format("segmented %d of %d image(s) in %.1f s into %s", segmented, images, seconds, output);
	}
}
