package org.unetfiji.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.unetfiji.training.weights.WeightMapSettings;

/**
 * How label images become training targets.
 *
 * @param labels what label values mean
 * @param weights how loss weights are made
 * @param map border-weight parameters (lengths in pixels along x) and the ignore value
 * @param target what the network predicts; {@link Target#BOUNDARY} for {@link LabelKind#DENSE} labels
 * @param boundaryWidth width of the boundary class on each side of a label edge, in pixels along x (scaled by the
 *            voxel size along the other axes, at least one voxel)
 */
public record TargetSettings(LabelKind labels, WeightMode weights, WeightMapSettings map, Target target,
	double boundaryWidth) {

	/** Class names of a boundary target on a background, in channel order. */
	public static final List<String> BOUNDARY_CLASSES = List.of("background", "interior", "boundary");
	/** Class names of a boundary target of dense labels, in channel order. */
	public static final List<String> DENSE_CLASSES = List.of("interior", "boundary");
	/** Smallest and largest {@code boundary-width=}. */
	public static final double MIN_WIDTH = 0.5;
	public static final double MAX_WIDTH = 10;

	public TargetSettings {
		if (labels == LabelKind.CLASSES && weights == WeightMode.BORDER) throw new IllegalArgumentException(
			"weights=border needs objects (labels=instances or binary); class masks take weights=balance or none");
		if (labels == LabelKind.CLASSES && target == Target.BOUNDARY) throw new IllegalArgumentException(
			"target=boundary needs objects (label-type=instances, binary or dense), not class masks");
		if (labels == LabelKind.DENSE && target != Target.BOUNDARY) throw new IllegalArgumentException(
			"dense labels have no background to tell objects from: they train target=boundary");
		if (labels == LabelKind.DENSE && weights == WeightMode.BORDER) throw new IllegalArgumentException(
			"weights=border needs a background between objects; dense labels take weights=balance or none");
		if (!(boundaryWidth >= MIN_WIDTH && boundaryWidth <= MAX_WIDTH)) throw new IllegalArgumentException(
			"boundary-width=" + boundaryWidth + " is out of range [" + MIN_WIDTH + ", " + MAX_WIDTH + "]");
	}

	/** Settings with a foreground target (a boundary target for dense labels), boundaries 1 pixel wide. */
	public TargetSettings(LabelKind labels, WeightMode weights, WeightMapSettings map) {
		this(labels, weights, map, labels == LabelKind.DENSE ? Target.BOUNDARY : Target.FOREGROUND, 1);
	}

	/** Whether the labels fill the image: the target then has no background class. */
	public boolean dense() {
		return labels == LabelKind.DENSE;
	}

	/**
	 * The class names of the network's output channels, in order: {@code requested} for a foreground target,
	 * {@link #BOUNDARY_CLASSES} or {@link #DENSE_CLASSES} for a boundary target.
	 */
	public List<String> classNames(List<String> requested) {
		if (target == Target.FOREGROUND) return requested;
		return dense() ? DENSE_CLASSES : BOUNDARY_CLASSES;
	}

	/** The channel of the boundary class, or -1 for a foreground target. */
	public int boundaryClass() {
		return target == Target.BOUNDARY ? classNames(List.of()).indexOf("boundary") : -1;
	}

	/** The channel of the object interiors: the interior class of a boundary target, else 1 (foreground). */
	public int interiorClass() {
		return target == Target.BOUNDARY ? classNames(List.of()).indexOf("interior") : 1;
	}

	/** As recorded in the model descriptor. */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("labels", labels.toString());
		map.put("target", target.toString());
		if (target == Target.BOUNDARY) map.put("boundary_width_px", boundaryWidth);
		map.put("weights", weights.toString());
		map.put("border_weight", this.map.w0());
		map.put("border_sigma_px", this.map.sigma());
		map.put("background_weight", this.map.vBal());
		map.put("near_sigma_px", this.map.sigma1());
		if (this.map.ignoreLabel().isPresent()) map.put("ignore", this.map.ignoreLabel().getAsInt());
		return map;
	}
}
