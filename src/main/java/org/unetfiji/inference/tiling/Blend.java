package org.unetfiji.inference.tiling;

/** How overlapping tiles are combined into one prediction. */
public enum Blend {
	/**
	 * Weighted mean with a Gaussian importance map per tile (σ = tile/8 per axis, as MONAI and nnU-Net): tile
	 * centres, which saw the most context, count most, so no seams appear where tiles meet.
	 */
	GAUSSIAN,
	/**
	 * Crop and paste (as CSBDeep, StarDist and deepImageJ do): every voxel comes from the one tile whose centre is
	 * nearest; kept for comparison, as it can leave seams.
	 */
	NONE;

	/** Parses {@code gaussian} or {@code none}. */
	public static Blend parse(String text) {
		for (Blend blend : values())
			if (blend.name().equalsIgnoreCase(text.trim())) return blend;
		throw new IllegalArgumentException("blend=" + text + " is not known; use blend=gaussian or blend=none");
	}
}
