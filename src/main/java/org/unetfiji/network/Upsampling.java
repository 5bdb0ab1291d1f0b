package org.unetfiji.network;

import java.util.Locale;

/** How the decoder of a U-Net doubles (or multiplies by the pooling factors) the resolution at each level. */
public enum Upsampling {

	/**
	 * A learned transposed convolution with kernel = stride = the pooling factors (the 2015 U-Net's
	 * "up-convolution"); its kernel overlaps nothing, which can print a checkerboard into the output.
	 */
	TRANSPOSED,
	/**
	 * Nearest-neighbour resizing by the pooling factors followed by a learned 3×3(×3) convolution (Odena et al. 2016,
	 * "Deconvolution and checkerboard artifacts"): every output voxel sees the same kernel, so no checkerboard.
	 */
	RESIZE;

	/** Reads {@code transposed} or {@code resize}. */
	public static Upsampling parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("upsampling=" + text + " is not one of transposed, resize");
		}
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
