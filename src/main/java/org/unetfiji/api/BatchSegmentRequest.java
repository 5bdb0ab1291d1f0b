package org.unetfiji.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code ./unet segment} and U-Net Batch Segment do: segment an image file, or every TIFF/PNG image of a
 * folder, into an output folder.
 *
 * @param segment model and settings, the same for every image
 * @param input an image file or a folder of images
 * @param output the folder for the results; created when missing, never the input folder
 */
public record BatchSegmentRequest(SegmentRequest segment, Path input, Path output) {

	public BatchSegmentRequest {
		Objects.requireNonNull(segment, "segment");
		Objects.requireNonNull(input, "input");
		Objects.requireNonNull(output, "output");
	}
}
