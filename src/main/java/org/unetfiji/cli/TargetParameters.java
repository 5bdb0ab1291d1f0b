package org.unetfiji.cli;

import org.unetfiji.api.TrainRequest;
import org.unetfiji.api.TrainTargets;
import org.unetfiji.training.LabelKind;
import org.unetfiji.training.RoiLabels;
import org.unetfiji.training.TargetSettings;
import org.unetfiji.api.Parameters;

/** The label and loss-weight parameters shared by {@code train} and {@code weightmap}. */
final class TargetParameters {

	static final String USAGE = "label-type=auto|instances|binary|classes|dense target=auto|foreground|boundary " +
		"ignore=none weights=auto|border|balance|none border-weight=50 border-sigma=6 background-weight=0.1 " +
		"near-sigma=10 boundary-width=1";

	private TargetParameters() {}

	/** The targets as asked for; the ROI sets among the labels make the automatic choices later. */
	static TrainTargets read(Parameters parameters) {
		TrainTargets defaults = TrainTargets.defaults();
		return new TrainTargets(LabelKind.parse(parameters.optional("label-type", "auto")),
			TrainTargets.weights(parameters.optional("weights", "auto")),
			TrainTargets.ignore(parameters.optional("ignore", "none")),
			number(parameters, TrainTargets.BORDER_WEIGHT, defaults.borderWeight()),
			number(parameters, TrainTargets.BORDER_SIGMA, defaults.borderSigma()),
			number(parameters, TrainTargets.BACKGROUND_WEIGHT, defaults.backgroundWeight()),
			number(parameters, TrainTargets.NEAR_SIGMA, defaults.nearSigma()),
			TrainTargets.target(parameters.optional("target", "auto")),
			number(parameters, TrainTargets.BOUNDARY_WIDTH, defaults.boundaryWidth()));
	}

	/**
	 * @param rois what the ROI sets among the labels annotate: they decide {@code label-type=auto}, and ROIs named
	 *            {@code ignore} make {@link RoiLabels#IGNORE} the ignore value unless {@code ignore=} is given
	 */
	static TargetSettings parse(Parameters parameters, RoiLabels.Content rois) {
		return read(parameters).resolve(rois);
	}

	/** A whole-number parameter in its range, with its default. */
	static int integer(Parameters parameters, TrainRequest.Range range, int defaultValue) {
		return parameters.integer(range.key(), defaultValue, (int) range.min(), (int) range.max());
	}

	/** A number parameter in its range, with its default. */
	static double number(Parameters parameters, TrainRequest.Range range, double defaultValue) {
		return parameters.number(range.key(), defaultValue, range.min(), range.max());
	}
}
