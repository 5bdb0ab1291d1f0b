package org.unetfiji.api;

import java.util.OptionalInt;

import org.unetfiji.training.LabelKind;
import org.unetfiji.training.RoiLabels;
import org.unetfiji.training.TargetSettings;
import org.unetfiji.training.WeightMode;
import org.unetfiji.training.weights.WeightMapSettings;

/**
 * How labels become training targets, as asked for ({@code label-type= weights= ignore= border-weight=
 * border-sigma= background-weight= near-sigma=}): the automatic choices are made by {@link #resolve} once the ROI
 * sets among the labels are known.
 *
 * @param labelType what the label values mean; {@link LabelKind#AUTO} lets ROI sets and the label values decide
 * @param weights how loss weights are made, or null for {@code auto} (border; balance for class masks)
 * @param ignore the label value of unannotated pixels, or empty for {@code none} (ROIs named {@code ignore} then
 *            get {@link RoiLabels#IGNORE})
 */
public record TrainTargets(LabelKind labelType, WeightMode weights, OptionalInt ignore, double borderWeight,
	double borderSigma, double backgroundWeight, double nearSigma) {

	public static final TrainRequest.Range BORDER_WEIGHT = new TrainRequest.Range("border-weight", 0, 1000);
	public static final TrainRequest.Range BORDER_SIGMA = new TrainRequest.Range("border-sigma", 0.1, 1000);
	public static final TrainRequest.Range BACKGROUND_WEIGHT = new TrainRequest.Range("background-weight", 0, 1);
	public static final TrainRequest.Range NEAR_SIGMA = new TrainRequest.Range("near-sigma", 0.1, 1000);

	public TrainTargets {
		if (ignore.isPresent() && ignore.getAsInt() == 0)
			throw new IllegalArgumentException("ignore=0 is not possible: 0 is background");
		BORDER_WEIGHT.check(borderWeight);
		BORDER_SIGMA.check(borderSigma);
		BACKGROUND_WEIGHT.check(backgroundWeight);
		NEAR_SIGMA.check(nearSigma);
	}

	/** {@code label-type=auto weights=auto ignore=none} and the weight map of Falk et al. 2019. */
	public static TrainTargets defaults() {
		WeightMapSettings map = WeightMapSettings.defaults();
		return new TrainTargets(LabelKind.AUTO, null, OptionalInt.empty(), map.w0(), map.sigma(), map.vBal(),
			map.sigma1());
	}

	/** Reads a {@code weights=} value: null for {@code auto}. */
	public static WeightMode weights(String text) {
		return text.equals("auto") ? null : WeightMode.parse(text);
	}

	/** Reads an {@code ignore=} value: empty for {@code none}. */
	public static OptionalInt ignore(String text) {
		if (text.equals("none")) return OptionalInt.empty();
		try {
			return OptionalInt.of(Integer.parseInt(text));
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("ignore=" + text + " is not a whole number");
		}
	}

	/**
	 * The targets to train with.
	 *
	 * @param rois what the ROI sets among the labels annotate: they decide {@code label-type=auto}, and ROIs named
	 *            {@code ignore} make {@link RoiLabels#IGNORE} the ignore value unless {@code ignore=} is given
	 */
	public TargetSettings resolve(RoiLabels.Content rois) {
		LabelKind kind = rois.labelKind(labelType);
		WeightMode mode = weights != null ? weights
			: kind == LabelKind.CLASSES ? WeightMode.BALANCE : WeightMode.BORDER;
		OptionalInt ignoreLabel = ignore.isPresent() ? ignore
			: rois.ignores() ? OptionalInt.of(RoiLabels.IGNORE) : OptionalInt.empty();
		return new TargetSettings(kind, mode,
			new WeightMapSettings(borderWeight, borderSigma, backgroundWeight, nearSigma, ignoreLabel));
	}
}
