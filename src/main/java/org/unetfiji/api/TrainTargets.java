package org.unetfiji.api;

import java.util.OptionalInt;

import org.unetfiji.training.LabelKind;
import org.unetfiji.training.RoiLabels;
import org.unetfiji.training.Target;
import org.unetfiji.training.TargetSettings;
import org.unetfiji.training.TrainingTargets;
import org.unetfiji.training.WeightMode;
import org.unetfiji.training.weights.WeightMapSettings;

/**
 * How labels become training targets, as asked for ({@code label-type= target= weights= ignore= border-weight=
 * border-sigma= background-weight= near-sigma= boundary-width=}): the automatic choices are made by
 * {@link #resolve} once the ROI sets among the labels, and how much of the images the labels cover, are known.
 *
 * @param labelType what the label values mean; {@link LabelKind#AUTO} lets ROI sets and the label values decide
 * @param weights how loss weights are made, or null for {@code auto} (border; balance for class masks and dense
 *            labels)
 * @param ignore the label value of unannotated pixels, or empty for {@code none} (ROIs named {@code ignore} then
 *            get {@link RoiLabels#IGNORE}); 0 only for dense labels, where 0 is no background
 * @param target what the network predicts, or null for {@code auto} (boundary for dense labels, else foreground)
 * @param boundaryWidth width of the boundary class on each side of a label edge, pixels along x
 */
public record TrainTargets(LabelKind labelType, WeightMode weights, OptionalInt ignore, double borderWeight,
	double borderSigma, double backgroundWeight, double nearSigma, Target target, double boundaryWidth) {

	public static final TrainRequest.Range BORDER_WEIGHT = new TrainRequest.Range("border-weight", 0, 1000);
	public static final TrainRequest.Range BORDER_SIGMA = new TrainRequest.Range("border-sigma", 0.1, 1000);
	public static final TrainRequest.Range BACKGROUND_WEIGHT = new TrainRequest.Range("background-weight", 0, 1);
	public static final TrainRequest.Range NEAR_SIGMA = new TrainRequest.Range("near-sigma", 0.1, 1000);
	public static final TrainRequest.Range BOUNDARY_WIDTH = new TrainRequest.Range("boundary-width",
		TargetSettings.MIN_WIDTH, TargetSettings.MAX_WIDTH);

	public TrainTargets {
		BORDER_WEIGHT.check(borderWeight);
		BORDER_SIGMA.check(borderSigma);
		BACKGROUND_WEIGHT.check(backgroundWeight);
		NEAR_SIGMA.check(nearSigma);
		BOUNDARY_WIDTH.check(boundaryWidth);
	}

	/** Targets with {@code target=auto} and boundaries 1 pixel wide. */
	public TrainTargets(LabelKind labelType, WeightMode weights, OptionalInt ignore, double borderWeight,
		double borderSigma, double backgroundWeight, double nearSigma)
	{
		this(labelType, weights, ignore, borderWeight, borderSigma, backgroundWeight, nearSigma, null, 1);
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

	/** Reads a {@code target=} value: null for {@code auto}. */
	public static Target target(String text) {
		return text.equals("auto") ? null : Target.parse(text);
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
		return resolve(rois, 0);
	}

	/** The ignore value: {@code ignore=}, else {@link RoiLabels#IGNORE} when ROIs mark regions to ignore. */
	public OptionalInt ignoreLabel(RoiLabels.Content rois) {
		return ignore.isPresent() ? ignore : rois.ignores() ? OptionalInt.of(RoiLabels.IGNORE) : OptionalInt.empty();
	}

	/**
	 * The targets to train with, once the labels are read.
	 *
	 * @param rois as for {@link #resolve(RoiLabels.Content)}
	 * @param labelledFraction the fraction of the annotated voxels with a non-zero label: from
	 *            {@link TrainingTargets#DENSE_FRACTION} on, {@code label-type=auto} reads the labels as dense
	 *            (unless {@code target=foreground})
	 */
	public TargetSettings resolve(RoiLabels.Content rois, double labelledFraction) {
		LabelKind kind = rois.labelKind(labelType);
		if (kind == LabelKind.AUTO && target != Target.FOREGROUND && labelledFraction >= TrainingTargets.DENSE_FRACTION)
			kind = LabelKind.DENSE;
		WeightMode mode = weights != null ? weights
			: kind == LabelKind.CLASSES || kind == LabelKind.DENSE ? WeightMode.BALANCE : WeightMode.BORDER;
		OptionalInt ignoreLabel = ignoreLabel(rois);
		if (ignore.isPresent() && ignore.getAsInt() == 0 && kind != LabelKind.DENSE) throw new IllegalArgumentException(
			"ignore=0 is not possible: 0 is background (unless the labels are dense: label-type=dense)");
		Target chosen = target != null ? target : kind == LabelKind.DENSE ? Target.BOUNDARY : Target.FOREGROUND;
		return new TargetSettings(kind, mode,
			new WeightMapSettings(borderWeight, borderSigma, backgroundWeight, nearSigma, ignoreLabel), chosen,
			boundaryWidth);
	}
}
