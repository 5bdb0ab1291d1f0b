package org.unetfiji.network;

import java.util.List;

/**
 * Activation memory of a network's forward pass, by layer, in floats per input voxel.
 * <p>
 * {@link #floatsPerVoxel()} sums every layer: an upper bound, since TensorFlow frees tensors once used.
 * {@link #peakFloatsPerVoxel()} is the largest set alive at once in a U-Net (the skip connections of all levels
 * plus the two largest neighbouring layers), the figure tile planning should use.
 */
public record MemoryEstimate(List<Layer> layers) {

	/** One layer's output: its name and how many floats it holds per input voxel. */
	public record Layer(String name, double floatsPerVoxel) {}

	public MemoryEstimate {
		layers = List.copyOf(layers);
	}

	/** Sum over all layers. */
	public double floatsPerVoxel() {
		return layers.stream().mapToDouble(Layer::floatsPerVoxel).sum();
	}

	/** Skip connections kept for the decoder plus the largest pair of consecutive layers. */
	public double peakFloatsPerVoxel() {
		double skips = 0;
		double largestPair = 0;
		for (int i = 0; i < layers.size(); i++) {
			Layer layer = layers.get(i);
			if (layer.name().startsWith("encoder") && layer.name().endsWith("conv 2")) skips += layer.floatsPerVoxel();
			if (i > 0) largestPair = Math.max(largestPair, layer.floatsPerVoxel() + layers.get(i - 1).floatsPerVoxel());
		}
		return skips + largestPair;
	}

	/** Bytes of activations for a tile of {@code voxels} input voxels (float32). */
	public long peakBytes(long voxels) {
		return (long) Math.ceil(peakFloatsPerVoxel() * voxels * Float.BYTES);
	}
}
