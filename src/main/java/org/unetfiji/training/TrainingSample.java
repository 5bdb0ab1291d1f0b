package org.unetfiji.training;

import java.util.Arrays;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.training.augmentation.Volume;

/**
 * One annotated image for training, all arrays in C order ({@code [z,] y, x}, x fastest).
 *
 * @param name where it came from
 * @param image the normalised image, channels-last {@code ([z,] y, x, channels)}
 * @param classes the class of each pixel ({@link #IGNORE} where there is no annotation)
 * @param weights the loss weight of each pixel (0 where ignored)
 * @param sampling the relative probability of each pixel to be a tile centre (0 where ignored)
 * @param instances the object id of each pixel (0 = none) for instance scores, or null for class masks
 * @param voxelSize voxel size per spatial axis ({@code [z,] y, x}, any unit)
 */
public record TrainingSample(String name, FloatTensor image, int[] classes, float[] weights, float[] sampling,
	int[] instances, double[] voxelSize) {

	/** Class value of a pixel that carries no annotation: it gets zero loss weight. */
	public static final int IGNORE = -1;

	public TrainingSample {
		long pixels = image.data().length / image.size(image.rank() - 1);
		if (classes.length != pixels || weights.length != pixels || sampling.length != pixels ||
			instances != null && instances.length != pixels)
			throw new IllegalArgumentException(
				"annotation of " + name + " does not cover its image of " + pixels + " pixels");
		if (voxelSize.length != image.rank() - 1) throw new IllegalArgumentException(
			name + " needs " + (image.rank() - 1) + " voxel sizes, got " + voxelSize.length);
	}

	/** Spatial size, {@code ([z,] y, x)}. */
	public long[] size() {
		return Arrays.copyOf(image.shape(), image.rank() - 1);
	}

	/** Channels per pixel. */
	public int channels() {
		return (int) image.size(image.rank() - 1);
	}

	/** Image, classes and weights as a volume to cut tiles from (no copy). */
	public Volume volume() {
		return new Volume(size(), image.data(), channels(), classes, weights);
	}
}
