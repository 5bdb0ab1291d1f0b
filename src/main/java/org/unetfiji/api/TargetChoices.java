package org.unetfiji.api;

import java.util.OptionalInt;

import org.unetfiji.training.LabelKind;
import org.unetfiji.training.TargetSettings;
import org.unetfiji.training.WeightMode;
import org.unetfiji.training.weights.WeightMapSettings;

/**
 * The label and loss-weight choices ({@code label-type=}, {@code ignore=}, {@code weights=}, {@code border-weight=},
 * {@code border-sigma=}, {@code background-weight=}, {@code near-sigma=}) as training targets, for callers that
 * hold them typed (Fiji's dialog fields), checked with the messages {@code ./unet} gives for the same values.
 */
public final class TargetChoices {

	private TargetChoices() {}

	/**
	 * @param labelType {@code auto}, {@code instances}, {@code binary} or {@code classes}; {@code null} for auto
	 * @param ignore {@code none} or a whole number other than 0; {@code null} for none
	 * @param weights {@code auto} (border; balance for classes), {@code border}, {@code balance} or {@code none};
	 *            {@code null} for auto
	 * @throws IllegalArgumentException naming the key of a value that is not allowed
	 */
	public static TargetSettings of(String labelType, String ignore, String weights, double borderWeight,
		double borderSigma, double backgroundWeight, double nearSigma)
	{
		LabelKind kind = LabelKind.parse(labelType == null ? "auto" : labelType);
		String weightsText = weights == null ? "auto" : weights;
		WeightMode mode = WeightMode.parse(!weightsText.equals("auto") ? weightsText : kind == LabelKind.CLASSES
			? "balance" : "border");
		OptionalInt ignored = ignore == null || ignore.equals("none") ? OptionalInt.empty() : OptionalInt.of(
			wholeNumber("ignore", ignore));
		if (ignored.isPresent() && ignored.getAsInt() == 0) throw new IllegalArgumentException(
			"ignore=0 is not possible: 0 is background");
		WeightMapSettings map = new WeightMapSettings(inRange("border-weight", borderWeight, 0, 1000), inRange(
			"border-sigma", borderSigma, 0.1, 1000), inRange("background-weight", backgroundWeight, 0, 1), inRange(
				"near-sigma", nearSigma, 0.1, 1000), ignored);
		return new TargetSettings(kind, mode, map);
	}

	private static int wholeNumber(String key, String text) {
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(key + "=" + text + " is not a whole number");
		}
	}

	private static double inRange(String key, double value, double min, double max) {
		if (!(value >= min && value <= max)) throw new IllegalArgumentException(key + "=" + value +
			" is out of range [" + min + ", " + max + "]");
		return value;
	}
}
