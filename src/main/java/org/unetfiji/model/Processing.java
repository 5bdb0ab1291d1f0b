package org.unetfiji.model;

import java.util.Map;

/**
 * One bioimage.io pre- or postprocessing step, e.g. {@code scale_range} with
 * {@code {min_percentile: 1, max_percentile: 99.8, axes: [y, x]}}.
 *
 * @param id the step's bioimage.io id
 * @param kwargs its arguments as plain data
 */
public record Processing(String id, Map<String, Object> kwargs) {

	public Processing {
		if (id == null || id.isBlank()) throw new IllegalArgumentException("a processing step needs an id");
		kwargs = PlainData.copyMap(kwargs, "kwargs of " + id);
	}
}
