package org.unetfiji.cli;

import java.util.OptionalInt;

import org.unetfiji.training.LabelKind;
import org.unetfiji.training.RoiLabels;
import org.unetfiji.training.TargetSettings;
import org.unetfiji.training.WeightMode;
import org.unetfiji.training.weights.WeightMapSettings;

/** The label and loss-weight parameters shared by {@code train} and {@code weightmap}. */
final class TargetParameters {

	static final String USAGE = "label-type=auto|instances|binary|classes ignore=none weights=auto|border|balance|none " +
		"border-weight=50 border-sigma=6 background-weight=0.1 near-sigma=10";

	private TargetParameters() {}

	/**
	 * @param rois what the ROI sets among the labels annotate: they decide {@code label-type=auto}, and ROIs named
	 *            {@code ignore} make {@link RoiLabels#IGNORE} the ignore value unless {@code ignore=} is given
	 */
	static TargetSettings parse(Parameters parameters, RoiLabels.Content rois) {
		WeightMapSettings defaults = WeightMapSettings.defaults();
		LabelKind kind = rois.labelKind(LabelKind.parse(parameters.optional("label-type", "auto")));
		String weightsText = parameters.optional("weights", "auto");
		WeightMode weights = WeightMode.parse(!weightsText.equals("auto") ? weightsText : kind == LabelKind.CLASSES
			? "balance" : "border");
		String ignoreText = parameters.optional("ignore", "none");
		OptionalInt ignore = !ignoreText.equals("none") ? OptionalInt.of(parameters.integer("ignore", 0,
			Integer.MIN_VALUE, Integer.MAX_VALUE)) : rois.ignores() ? OptionalInt.of(RoiLabels.IGNORE) : OptionalInt
				.empty();
		if (ignore.isPresent() && ignore.getAsInt() == 0) throw new IllegalArgumentException(
			"ignore=0 is not possible: 0 is background");
		WeightMapSettings map = new WeightMapSettings(parameters.number("border-weight", defaults.w0(), 0, 1000),
			parameters.number("border-sigma", defaults.sigma(), 0.1, 1000), parameters.number("background-weight",
				defaults.vBal(), 0, 1), parameters.number("near-sigma", defaults.sigma1(), 0.1, 1000), ignore);
		return new TargetSettings(kind, weights, map);
	}
}
