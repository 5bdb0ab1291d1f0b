package org.unetfiji.training.augmentation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How training tiles are augmented. Spatial changes (flips, 90° and free rotations, elastic deformation) move
 * image, labels and weights together; intensity changes touch the image only.
 *
 * @param flips mirror along each axis with probability 1/2
 * @param rotations90 rotate by a random multiple of 90° in the y-x plane
 * @param rotationDegrees largest free rotation in the y-x plane (in-plane also for 3D stacks), 0 for none
 * @param elastic standard deviation of the elastic control-point displacements, in pixels along x; 0 for none
 * @param elasticGrid control points per axis spanning the tile (at least 2)
 * @param gamma largest |ln γ| of the random gamma curve, 0 for none
 * @param contrast largest relative change of contrast and brightness, 0 for none
 * @param noise standard deviation of additive Gaussian noise (in normalised intensity units), 0 for none
 */
public record AugmentationSettings(boolean flips, boolean rotations90, double rotationDegrees, double elastic,
	int elasticGrid, double gamma, double contrast, double noise) {

	public AugmentationSettings {
		check("rotation", rotationDegrees, 180);
		check("elastic", elastic, 1000);
		check("gamma", gamma, 3);
		check("contrast", contrast, 0.9);
		check("noise", noise, 10);
		if (elasticGrid < 2) throw new IllegalArgumentException(
			"the elastic grid needs at least 2 control points " + "per axis, not " + elasticGrid);
	}

	/** No augmentation at all: tiles are plain crops. */
	public static AugmentationSettings none() {
		return new AugmentationSettings(false, false, 0, 0, 3, 0, 0, 0);
	}

	/**
	 * Flips, 90° and free rotations, elastic deformation with 6 px s.d. on a 3-point grid (after Ronneberger et
	 * al. 2015, who used 10 px on larger tiles), gamma within e^±0.3, contrast ±15 %, noise s.d. 0.02.
	 */
	public static AugmentationSettings defaults() {
		return new AugmentationSettings(true, true, 180, 6, 3, 0.3, 0.15, 0.02);
	}

	/** The same settings with another elastic strength, free rotation, gamma and noise. */
	public AugmentationSettings with(double newRotation, double newElastic, double newGamma, double newNoise) {
		return new AugmentationSettings(flips, rotations90, newRotation, newElastic, elasticGrid, newGamma, contrast,
			newNoise);
	}

	/** As recorded in the model descriptor. */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("flips", flips);
		map.put("rotations_90", rotations90);
		map.put("rotation_degrees", rotationDegrees);
		map.put("elastic_px", elastic);
		map.put("elastic_grid", elasticGrid);
		map.put("gamma", gamma);
		map.put("contrast", contrast);
		map.put("noise", noise);
		return map;
	}

	private static void check(String name, double value, double max) {
		if (!(value >= 0 && value <= max))
			throw new IllegalArgumentException(name + " must lie in [0, " + max + "], not " + value);
	}
}
