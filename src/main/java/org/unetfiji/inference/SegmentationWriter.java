package org.unetfiji.inference;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a segmentation is written while it is computed: TIFF files ({@link SegmentationFiles}) or an OME-Zarr
 * container ({@link SegmentationZarr}). Nothing gets its final name before {@link #commit()}; {@link #close()} removes
 * what was not committed.
 */
public interface SegmentationWriter extends Segmentation.Output, AutoCloseable {

	/** Gives the outputs their names and writes the overlay picture. */
	void commit() throws IOException;

	/** Removes the outputs not committed. */
	@Override
	void close() throws IOException;

	Path probabilitiesOutput();

	Path labelsOutput();

	Path instancesOutput();

	Path overlayOutput();
}
