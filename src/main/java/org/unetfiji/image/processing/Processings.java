package org.unetfiji.image.processing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import org.unetfiji.model.Processing;

/**
 * Creates the bioimage.io 0.5 processing steps from their descriptor form ({@link Processing}: an id and kwargs),
 * and runs lists of them.
 */
public final class Processings {

	/** The step ids this class knows. */
	public static final List<String> IDS = List.of("binarize", "clip", "ensure_dtype", "fixed_zero_mean_unit_variance",
		"scale_linear", "scale_mean_variance", "scale_range", "sigmoid", "zero_mean_unit_variance");
	private static final double DEFAULT_EPS = 1e-6;

	private Processings() {}

	/**
	 * The step a descriptor names.
	 *
	 * @throws IllegalArgumentException for an unknown step or invalid kwargs, in one line
	 */
	public static ProcessingStep create(Processing spec) {
		Map<String, Object> kw = spec.kwargs();
		String id = spec.id();
		switch (id) {
			case "sigmoid" :
				return elementwise(v -> 1 / (1 + Math.exp(-v)));
			case "clip" : {
				double min = number(kw, "min", Double.NEGATIVE_INFINITY, id);
				double max = number(kw, "max", Double.POSITIVE_INFINITY, id);
				if (!(min <= max)) throw new IllegalArgumentException(id + ": min " + min + " is above max " + max);
				return elementwise(v -> Math.min(max, Math.max(min, v)));
			}
			case "ensure_dtype" :
				return ensureDtype(text(kw, "dtype", id));
			case "binarize" : {
				Groups groups = alongAxis(kw, "threshold", id);
				double[] threshold = numbers(kw, "threshold", id);
				return tensor -> {
					float[] data = tensor.data();
					int[] group = groups.of(tensor);
					for (int i = 0; i < data.length; i++)
						data[i] = data[i] > threshold[group[i]] ? 1 : 0;
				};
			}
			case "scale_linear" : {
				double[] gain = kw.containsKey("gain") ? numbers(kw, "gain", id) : new double[]{ 1 };
				double[] offset = kw.containsKey("offset") ? numbers(kw, "offset", id) : new double[]{ 0 };
				int n = Math.max(gain.length, offset.length);
				return new Affine(n == 1 ? Groups.ALL : Groups.along(text(kw, "axis", id), n), broadcast(gain, n, id),
					broadcast(offset, n, id));
			}
			case "fixed_zero_mean_unit_variance" : {
				Groups groups = alongAxis(kw, "mean", id);
				double[] mean = numbers(kw, "mean", id);
				double[] std = numbers(kw, "std", id);
				if (mean.length != std.length)
					throw new IllegalArgumentException(id + ": mean and std differ in length");
				return Affine.standardize(groups, mean, std, number(kw, "eps", DEFAULT_EPS, id));
			}
			case "zero_mean_unit_variance" : {
				List<String> axes = axes(kw, id);
				double eps = number(kw, "eps", DEFAULT_EPS, id);
				return perSample((sample, tensors) -> {
					Groups groups = Groups.keepingAllBut(sample, axes);
					float[][] values = groups.values(sample);
					double[] mean = Statistics.mean(values);
					return Affine.standardize(groups, mean, Statistics.std(values, mean), eps);
				});
			}
			case "scale_range" : {
				List<String> axes = axes(kw, id);
				double low = number(kw, "min_percentile", 0, id);
				double high = number(kw, "max_percentile", 100, id);
				if (!(0 <= low && low < high && high <= 100)) throw new IllegalArgumentException(
					id + ": the percentiles must satisfy 0 <= min_percentile < max_percentile <= 100");
				double eps = number(kw, "eps", DEFAULT_EPS, id);
				String reference = kw.containsKey("reference_tensor") ? text(kw, "reference_tensor", id) : null;
				return perSample((sample, tensors) -> {
					AxisTensor from = reference == null ? sample : reference(tensors, reference, id);
					Groups groups = Groups.keepingAllBut(from, axes);
					float[][] values = groups.values(from);
					double[] lo = Statistics.percentile(values, low);
					double[] hi = Statistics.percentile(values, high);
					double[] scale = new double[lo.length];
					double[] offset = new double[lo.length];
					for (int g = 0; g < lo.length; g++) {
						scale[g] = 1 / (hi[g] - lo[g] + eps);
						offset[g] = -lo[g] * scale[g];
					}
					return new Affine(groups, scale, offset);
				});
			}
			case "scale_mean_variance" : {
				List<String> axes = axes(kw, id);
				double eps = number(kw, "eps", DEFAULT_EPS, id);
				String reference = text(kw, "reference_tensor", id);
				return perSample((sample, tensors) -> {
					Groups groups = Groups.keepingAllBut(sample, axes);
					float[][] values = groups.values(sample);
					double[] mean = Statistics.mean(values);
					double[] std = Statistics.std(values, mean);
					float[][] refValues = groups.values(reference(tensors, reference, id));
					double[] refMean = Statistics.mean(refValues);
					double[] refStd = Statistics.std(refValues, refMean);
					double[] scale = new double[mean.length];
					double[] offset = new double[mean.length];
					for (int g = 0; g < mean.length; g++) {
						scale[g] = (refStd[g] + eps) / (std[g] + eps);
						offset[g] = refMean[g] - mean[g] * scale[g];
					}
					return new Affine(groups, scale, offset);
				});
			}
			default :
				throw new IllegalArgumentException(
					"unknown processing step '" + id + "'; this plugin runs " + String.join(", ", IDS));
		}
	}

	/** The steps a descriptor lists, in order. */
	public static List<ProcessingStep> create(List<Processing> specs) {
		List<ProcessingStep> steps = new ArrayList<>();
		for (Processing spec : specs)
			steps.add(create(spec));
		return steps;
	}

	/**
	 * Runs steps on the whole {@code sample} in place, resolving each on the result of the steps before it, and
	 * returns the resolved (fixed) steps, which process any part of the same image alike.
	 */
	public static List<ProcessingStep> run(List<ProcessingStep> steps, AxisTensor sample,
		Map<String, AxisTensor> tensors)
	{
		List<ProcessingStep> resolved = new ArrayList<>();
		for (ProcessingStep step : steps) {
			ProcessingStep fixed = step.resolve(sample, tensors);
			fixed.apply(sample);
			resolved.add(fixed);
		}
		return resolved;
	}

	/** Applies resolved steps in place. */
	public static void apply(List<ProcessingStep> resolved, AxisTensor tensor) {
		for (ProcessingStep step : resolved)
			step.apply(tensor);
	}

	private interface Resolver {
		ProcessingStep resolve(AxisTensor sample, Map<String, AxisTensor> tensors);
	}

	private static ProcessingStep perSample(Resolver resolver) {
		return new ProcessingStep() {
			@Override
			public ProcessingStep resolve(AxisTensor sample, Map<String, AxisTensor> tensors) {
				return resolver.resolve(sample, tensors);
			}

			@Override
			public void apply(AxisTensor tensor) {
				throw new IllegalStateException("a per-sample step must be resolved on the whole image first");
			}
		};
	}

	private static ProcessingStep elementwise(DoubleUnaryOperator f) {
		return tensor -> {
			float[] data = tensor.data();
			for (int i = 0; i < data.length; i++)
				data[i] = (float) f.applyAsDouble(data[i]);
		};
	}

	/** Casts as numpy's {@code astype}: floats stay, integers truncate toward zero, bool is {@code != 0}. */
	private static ProcessingStep ensureDtype(String dtype) {
		switch (dtype) {
			case "float32" :
			case "float64" :
				return tensor -> {};
			case "bool" :
				return elementwise(v -> v != 0 ? 1 : 0);
			case "uint8" :
			case "uint16" :
			case "uint32" :
			case "uint64" :
			case "int8" :
			case "int16" :
			case "int32" :
			case "int64" :
				return elementwise(v -> v < 0 ? Math.ceil(v) : Math.floor(v));
			default :
				throw new IllegalArgumentException("ensure_dtype: unknown dtype '" + dtype + "'");
		}
	}

	private static AxisTensor reference(Map<String, AxisTensor> tensors, String id, String step) {
		AxisTensor tensor = tensors.get(id);
		if (tensor == null) throw new IllegalArgumentException(
			step + ": reference_tensor '" + id + "' is not one of the model's tensors " + tensors.keySet());
		return tensor;
	}

	/** Groups along kwarg {@code axis} when {@code key} is a list, else one group. */
	private static Groups alongAxis(Map<String, Object> kw, String key, String step) {
		if (!(kw.get(key) instanceof List<?> list)) return Groups.ALL;
		return Groups.along(text(kw, "axis", step), list.size());
	}

	private static double[] broadcast(double[] values, int n, String step) {
		if (values.length == n) return values;
		if (values.length != 1) throw new IllegalArgumentException(step + ": lists of different lengths");
		double[] result = new double[n];
		Arrays.fill(result, values[0]);
		return result;
	}

	private static List<String> axes(Map<String, Object> kw, String step) {
		Object value = kw.get("axes");
		if (value == null) return null;
		if (!(value instanceof List<?> list)) throw new IllegalArgumentException(step + ": axes must be a list");
		return list.stream().map(String::valueOf).toList();
	}

	private static double number(Map<String, Object> kw, String key, double fallback, String step) {
		Object value = kw.get(key);
		if (value == null) return fallback;
		if (!(value instanceof Number n)) throw new IllegalArgumentException(step + ": " + key + " must be a number");
		return n.doubleValue();
	}

	private static double[] numbers(Map<String, Object> kw, String key, String step) {
		Object value = kw.get(key);
		if (value instanceof Number n) return new double[]{ n.doubleValue() };
		if (!(value instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(Number.class::isInstance))
			throw new IllegalArgumentException(step + ": " + key + " must be a number or a list of numbers");
		return list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
	}

	private static String text(Map<String, Object> kw, String key, String step) {
		Object value = kw.get(key);
		if (!(value instanceof String s)) throw new IllegalArgumentException(step + ": " + key + " must be given");
		return s;
	}
}
