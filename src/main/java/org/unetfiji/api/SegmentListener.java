package org.unetfiji.api;

import java.nio.file.Path;

import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;

/**
 * What segmenting reports, in this order: the loaded network and its device, then per image its start (in a batch),
 * the tile plan, tiles done, and the files written or why the image was skipped; a batch ends with its summary.
 */
public interface SegmentListener extends ProgressListener {

	/**
	 * The network is loaded.
	 *
	 * @param model the model's name
	 * @param engine the engine running it, e.g. {@code TensorFlow 2.18.0}
	 * @param choice what {@code device=} asked for; with {@code auto} on the CPU, {@link Device#note()} says why no GPU
	 */
	default void loaded(String model, String engine, Device device, DeviceChoice choice) {}

	/** Image {@code index} (from 1) of {@code count} of a batch begins. */
	default void started(int index, int count, Path file) {}

	/** The tiles of an image, e.g. {@code 4 tile(s) of 256×256 px, overlap 48×48, batch 4, gaussian blending}. */
	default void plan(String plan) {}

	/** Tiles of the current frame done, with an estimate of the time left; also reported as {@link #progress}. */
	default void tiles(long done, long total, double secondsLeft) {
		progress(done, total);
	}

	/** An image's results are written. */
	default void segmented(SegmentedFiles files) {}

	/** An image of a batch could not be segmented; the batch goes on. */
	default void skipped(Path file, String reason) {}

	/** A batch is done. */
	default void finished(BatchSegmentSummary summary) {}
}
