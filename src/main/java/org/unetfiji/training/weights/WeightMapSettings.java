package org.unetfiji.training.weights;

import java.util.OptionalInt;

/**
 * Parameters of the border-weighted loss weight map of Falk et al. 2019 (Nature Methods 16, 67–70), after
 * Ronneberger et al. 2015.
 * <p>
 * Lengths ({@code sigma}, {@code sigma1}) are in the units of the voxel size given to
 * {@link WeightMap#compute}: pixels when no voxel size is given, calibrated units (e.g. µm) otherwise. Use
 * {@link #scaled(double)} to turn the pixel defaults into calibrated units.
 *
 * @param w0 weight of the border term that separates touching instances (≥ 0)
 * @param sigma width of the border term (&gt; 0)
 * @param vBal background weight far from any instance, also the background tile sampling probability (in [0, 1])
 * @param sigma1 width of the term that raises background weights near instances towards 1 (&gt; 0)
 * @param ignoreLabel the label value marking pixels to ignore (weight 0, never sampled), or empty for none; 0 only
 *            where 0 is no background (dense labels, which get no weight map)
 */
public record WeightMapSettings(double w0, double sigma, double vBal, double sigma1, OptionalInt ignoreLabel) {

	/**
	 * Checks the parameters.
	 *
	 * @param w0 weight of the border term (≥ 0)
	 * @param sigma width of the border term (&gt; 0)
	 * @param vBal background weight far from any instance (in [0, 1])
	 * @param sigma1 width of the near-instance term (&gt; 0)
	 * @param ignoreLabel the ignore label, or empty for none
	 * @throws IllegalArgumentException for a parameter outside its range
	 */
	public WeightMapSettings {
		if (!(w0 >= 0) || Double.isInfinite(w0))
			throw new IllegalArgumentException("w0 must be finite and >= 0: " + w0);
		if (!(sigma > 0) || Double.isInfinite(sigma))
			throw new IllegalArgumentException("sigma must be finite and > 0: " + sigma);
		if (!(vBal >= 0 && vBal <= 1)) throw new IllegalArgumentException("vBal must lie in [0, 1]: " + vBal);
		if (!(sigma1 > 0) || Double.isInfinite(sigma1))
			throw new IllegalArgumentException("sigma1 must be finite and > 0: " + sigma1);
		if (ignoreLabel == null)
			throw new IllegalArgumentException("ignoreLabel must be given (OptionalInt.empty() for none)");
	}

	/**
	 * The defaults of the Falk et al. 2019 plugin, in pixels: w0 = 50, σ = 6 px, v_bal = 0.1, σ1 = 10 px, no
	 * ignore label.
	 *
	 * @return the default settings
	 */
	public static WeightMapSettings defaults() {
		return new WeightMapSettings(50, 6, 0.1, 10, OptionalInt.empty());
	}

	/**
	 * The same settings with {@code label} as the ignore label.
	 *
	 * @param label the label value of pixels to ignore
	 * @return the new settings
	 */
	public WeightMapSettings withIgnoreLabel(int label) {
		return new WeightMapSettings(w0, sigma, vBal, sigma1, OptionalInt.of(label));
	}

	/**
	 * The same settings with lengths multiplied by {@code unitsPerPixel}, e.g. {@code defaults().scaled(0.127)}
	 * for σ = 6 px at 0.127 µm per pixel, to be used with voxel sizes in µm.
	 *
	 * @param unitsPerPixel the length of one pixel in the new units (&gt; 0)
	 * @return the new settings
	 */
	public WeightMapSettings scaled(double unitsPerPixel) {
		if (!(unitsPerPixel > 0) || Double.isInfinite(unitsPerPixel))
			throw new IllegalArgumentException("unitsPerPixel must be finite and > 0: " + unitsPerPixel);
		return new WeightMapSettings(w0, sigma * unitsPerPixel, vBal, sigma1 * unitsPerPixel, ignoreLabel);
	}
}
