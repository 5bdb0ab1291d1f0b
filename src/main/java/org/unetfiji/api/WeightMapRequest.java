package org.unetfiji.api;

import java.nio.file.Files;
import java.nio.file.Path;

import org.unetfiji.image.Hyperstack;
import org.unetfiji.training.TargetSettings;

/**
 * Make the loss weight map that training would use for a label image, given as a file ({@code labels=}) or in
 * memory.
 *
 * @param labelFile the label image's file; {@code null} when it is in memory
 * @param labelImage the label image in memory; {@code null} when it is a file
 * @param output a TIFF file for the weight map; {@code null} for none (the map is still returned)
 * @param targets label kind, weight mode and weight-map parameters (see {@link TrainTargets})
 */
public record WeightMapRequest(Path labelFile, Hyperstack<?> labelImage, Path output, TargetSettings targets) {

	public WeightMapRequest {
		if ((labelFile == null) == (labelImage == null))
			throw new IllegalArgumentException("give the labels as a file or as an image, not both");
		if (labelFile != null && !Files.isRegularFile(labelFile))
			throw new IllegalArgumentException("labels=" + labelFile + " is not a file");
	}

	/** The weight map of a label file. */
	public static WeightMapRequest of(Path labelFile, Path output, TargetSettings targets) {
		return new WeightMapRequest(labelFile, null, output, targets);
	}

	/** The weight map of a label image in memory. */
	public static WeightMapRequest of(Hyperstack<?> labelImage, Path output, TargetSettings targets) {
		return new WeightMapRequest(null, labelImage, output, targets);
	}
}
