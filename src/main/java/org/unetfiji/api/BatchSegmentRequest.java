package org.unetfiji.api;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@code ./unet segment} and U-Net Batch Segment do: segment an image file, every TIFF/PNG image of a folder, or
 * an OME-Zarr image, into an output folder.
 *
 * @param segment model and settings, the same for every image
 * @param input an image file, a folder of images, or an OME-Zarr container ({@code PATH.zarr})
 * @param output the folder for the results; created when missing, never the input folder
 * @param level the resolution level of an OME-Zarr input ({@code level=}, 0: full resolution)
 * @param format how the results are written ({@code format=})
 */
public record BatchSegmentRequest(SegmentRequest segment, Path input, Path output, int level, Format format) {

	/** {@code format=}: TIFF files, one OME-Zarr container, or Zarr for a Zarr input and TIFF otherwise. */
	public enum Format {
		AUTO, TIFF, ZARR;

		/**
		 * @param text {@code tiff}, {@code zarr}, or null for {@link #AUTO}
		 * @throws IllegalArgumentException for another value, with the command line's message
		 */
		public static Format parse(String text) {
			if (text == null) return AUTO;
			return switch (text.strip().toLowerCase(Locale.ROOT)) {
				case "tiff", "tif" -> TIFF;
				case "zarr", "ome-zarr" -> ZARR;
				default -> throw new IllegalArgumentException("format=" + text + " is not tiff or zarr");
			};
		}

		/** Whether the results of {@code input} are written as Zarr. */
		public boolean zarrFor(boolean zarrInput) {
			return this == ZARR || this == AUTO && zarrInput;
		}
	}

	public BatchSegmentRequest {
		Objects.requireNonNull(segment, "segment");
		Objects.requireNonNull(input, "input");
		Objects.requireNonNull(output, "output");
		Objects.requireNonNull(format, "format");
		if (level < 0)
			throw new IllegalArgumentException("level=" + level + " is out of range [0, " + Integer.MAX_VALUE + "]");
	}

	/** Full resolution, the output format chosen by the input. */
	public BatchSegmentRequest(SegmentRequest segment, Path input, Path output) {
		this(segment, input, output, 0, Format.AUTO);
	}
}
