package org.unetfiji.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How input intensities are normalized before they enter the network. The method names are the bioimage.io
 * preprocessing ids, so that {@link #asPreprocessing(List)} gives the matching steps for rdf.yaml.
 *
 * @param method {@link #SCALE_RANGE}, {@link #ZERO_MEAN_UNIT_VARIANCE} or {@link #NONE}
 * @param parameters the method's parameters as plain data
 */
public record NormalizationSpec(String method, Map<String, Object> parameters) {

	/** Percentile scaling: {@code min_percentile} maps to 0 and {@code max_percentile} to 1. */
	public static final String SCALE_RANGE = "scale_range";
	/** Subtract the mean and divide by the standard deviation (plus {@code eps}). */
	public static final String ZERO_MEAN_UNIT_VARIANCE = "zero_mean_unit_variance";
	/** Use the intensities as they are. */
	public static final String NONE = "none";

	public NormalizationSpec {
		if (!List.of(SCALE_RANGE, ZERO_MEAN_UNIT_VARIANCE, NONE).contains(method)) {
			throw new IllegalArgumentException("unknown normalization method '" + method + "'; use " + SCALE_RANGE +
				", " + ZERO_MEAN_UNIT_VARIANCE + " or " + NONE);
		}
		parameters = PlainData.copyMap(parameters, "normalization parameters");
	}

	/** Percentile scaling between the two percentiles (e.g. 1 and 99.8). */
	public static NormalizationSpec percentiles(double minPercentile, double maxPercentile) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("min_percentile", minPercentile);
		parameters.put("max_percentile", maxPercentile);
		return new NormalizationSpec(SCALE_RANGE, parameters);
	}

	/** Zero mean, unit variance per image, with {@code eps} added to the standard deviation. */
	public static NormalizationSpec zeroMeanUnitVariance(double eps) {
		return new NormalizationSpec(ZERO_MEAN_UNIT_VARIANCE, Map.of("eps", eps));
	}

	/** The bioimage.io preprocessing steps that do this normalization over the given axes (e.g. y, x). */
	public List<Processing> asPreprocessing(List<String> axes) {
		if (method.equals(NONE)) return List.of();
		Map<String, Object> kwargs = new LinkedHashMap<>(parameters);
		kwargs.put("axes", axes);
		return List.of(new Processing(method, kwargs));
	}
}
