package org.unetfiji.training;

import java.util.LinkedHashMap;
import java.util.Map;

import org.unetfiji.training.weights.WeightMapSettings;

/**
 * How label images become training targets.
 *
 * @param labels what label values mean
 * @param weights how loss weights are made
 * @param map border-weight parameters (lengths in pixels along x) and the ignore value
 */
public record TargetSettings(LabelKind labels, WeightMode weights, WeightMapSettings map) {

	public TargetSettings {
		if (labels == LabelKind.CLASSES && weights == WeightMode.BORDER) throw new IllegalArgumentException(
			"weights=border needs objects (labels=instances or binary); class masks take weights=balance or none");
	}

	/** As recorded in the model descriptor. */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("labels", labels.toString());
		map.put("weights", weights.toString());
		map.put("border_weight", this.map.w0());
		map.put("border_sigma_px", this.map.sigma());
		map.put("background_weight", this.map.vBal());
		map.put("near_sigma_px", this.map.sigma1());
		if (this.map.ignoreLabel().isPresent()) map.put("ignore", this.map.ignoreLabel().getAsInt());
		return map;
	}
}
