package org.unetfiji.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a bioimage.io model description 0.4.x into the 0.5 form in memory, as {@code bioimageio.spec}'s update
 * does for the fields a runner needs: tensor {@code name} becomes {@code id}, axis letters ({@code bcyx}) become axis
 * descriptions with the sizes of {@code shape} (fixed, {@code min}/{@code step}, or a reference with
 * {@code scale}/{@code offset}) and {@code halo}, processing {@code name} becomes {@code id} with axis letters
 * turned into lists and {@code mode: per_sample} dropped, and {@code test_inputs}/{@code test_outputs} become each
 * tensor's {@code test_tensor} (without checksum: 0.4 records none). Everything else is kept as it is.
 */
final class Descriptor04 {

	/** The format version a converted description states. */
	static final String CONVERTED_VERSION = "0.5.4";
	private static final Map<Character, String> AXIS_TYPES = Map.of('b', "batch", 't', "time", 'c', "channel", 'i',
		"index", 'z', "space", 'y', "space", 'x', "space");

	private Descriptor04() {}

	/** Whether {@code version} is a 0.4.x format version. */
	static boolean is04(String version) {
		return version.matches("0\\.4(\\.\\d+)?");
	}

	/** The 0.5 form of a 0.4 description. */
	static Map<String, Object> convert(Map<String, Object> rdf, YamlFields f) throws ModelPackageException {
		Map<String, Object> out = new LinkedHashMap<>(rdf);
		out.put("format_version", CONVERTED_VERSION);
		List<?> testInputs = f.optionalList(rdf, "", "test_inputs");
		List<?> testOutputs = f.optionalList(rdf, "", "test_outputs");
		out.remove("test_inputs");
		out.remove("test_outputs");
		out.remove("sample_inputs");
		out.remove("sample_outputs");
		// 0.4 forms that 0.5 writes differently (attachments as a list) or not at all
		out.remove("attachments");
		out.remove("download_url");
		List<Object> inputs = new ArrayList<>();
		List<?> in = f.requireList(rdf, "", "inputs");
		for (int i = 0; i < in.size(); i++)
			inputs.add(tensor(f.asMap(in.get(i), "inputs[" + i + "]"), "inputs[" + i + "]", "preprocessing",
				i < testInputs.size() ? testInputs.get(i) : null, f));
		List<Object> outputs = new ArrayList<>();
		List<?> o = f.requireList(rdf, "", "outputs");
		for (int i = 0; i < o.size(); i++)
			outputs.add(tensor(f.asMap(o.get(i), "outputs[" + i + "]"), "outputs[" + i + "]", "postprocessing",
				i < testOutputs.size() ? testOutputs.get(i) : null, f));
		out.put("inputs", inputs);
		out.put("outputs", outputs);
		return out;
	}

	private static Map<String, Object> tensor(Map<String, Object> t, String path, String processingKey, Object test,
		YamlFields f) throws ModelPackageException
	{
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("id", f.requireText(t, path, "name"));
		String letters = f.requireText(t, path, "axes");
		Object shape = f.require(t, path, "shape");
		List<?> halo = f.optionalList(t, path, "halo");
		List<Object> axes = new ArrayList<>();
		for (int a = 0; a < letters.length(); a++) {
			char letter = letters.charAt(a);
			String type = AXIS_TYPES.get(letter);
			if (type == null) throw f.error("'" + path + ".axes' is '" + letters + "'; '" + letter +
				"' is not one of " + "the 0.4 axis letters b, t, c, z, y, x, i");
			Map<String, Object> axis = new LinkedHashMap<>();
			axis.put("type", type);
			if (type.equals("space")) axis.put("id", String.valueOf(letter));
			Object size = size(shape, a, letters, path, f);
			if (type.equals("channel")) {
				long channels = size instanceof Number n ? n.longValue() : 1;
				List<Object> names = new ArrayList<>();
				for (int c = 0; c < channels; c++)
					names.add("channel" + c);
				axis.put("channel_names", names);
			}
			else if (!type.equals("batch")) axis.put("size", size);
			if (a < halo.size() && halo.get(a) instanceof Number h && h.longValue() > 0)
				axis.put("halo", h.longValue());
			axes.add(axis);
		}
		out.put("axes", axes);
		if (t.containsKey("description")) out.put("description", t.get("description"));
		if (test != null) out.put("test_tensor", Map.of("source", f.asText(test, path + ".test_tensor")));
		List<?> steps = f.optionalList(t, path, processingKey);
		if (!steps.isEmpty()) {
			List<Object> converted = new ArrayList<>();
			for (int i = 0; i < steps.size(); i++) {
				String stepPath = path + "." + processingKey + "[" + i + "]";
				Map<String, Object> step = f.asMap(steps.get(i), stepPath);
				Map<String, Object> kwargs = new LinkedHashMap<>(f.optionalMap(step, stepPath, "kwargs"));
				String id = f.requireText(step, stepPath, "name");
				Object mode = kwargs.remove("mode");
				if ("per_dataset".equals(mode)) throw f.error("'" + stepPath + "' uses per_dataset statistics, " +
					"which this plugin does not have; only per_sample and fixed steps run");
				String reduced = kwargs.get("axes") instanceof String text ? text : null;
				if (reduced != null) kwargs.put("axes", axisIds(reduced));
				boolean perChannel = kwargs.values().stream().anyMatch(List.class::isInstance) && reduced != null;
				if ("fixed".equals(mode) && id.equals("zero_mean_unit_variance")) id = "fixed_zero_mean_unit_variance";
				if (id.equals("fixed_zero_mean_unit_variance") || id.equals("scale_linear")) {
					kwargs.remove("axes");
					if (perChannel) {
						// 0.4 names the reduced axes; 0.5 the one axis the lists run along
						String along = letters.chars().filter(c -> c != 'b' && reduced.indexOf(c) < 0)
							.mapToObj(c -> String.valueOf(axisIds(String.valueOf((char) c)).get(0))).findFirst()
							.orElse("channel");
						kwargs.put("axis", along);
					}
				}
				Map<String, Object> s = new LinkedHashMap<>();
				s.put("id", id);
				if (!kwargs.isEmpty()) s.put("kwargs", kwargs);
				converted.add(s);
			}
			out.put(processingKey, converted);
		}
		return out;
	}

	/** The 0.5 ids of 0.4 axis letters: {@code yx} gives {@code [y, x]}, {@code c} gives {@code [channel]}. */
	private static List<Object> axisIds(String letters) {
		List<Object> ids = new ArrayList<>();
		for (char c : letters.toCharArray()) {
			String type = AXIS_TYPES.getOrDefault(c, String.valueOf(c));
			ids.add(type.equals("space") ? String.valueOf(c) : type);
		}
		return ids;
	}

	/**
	 * The 0.5 size of axis {@code a}: a whole number, {@code {min, step}} or a reference
	 * {@code {tensor_id, axis_id, offset}}; for a referenced channel axis, its number of channels
	 * ({@code 2 * offset} where {@code scale} is 0).
	 */
	private static Object size(Object shape, int a, String letters, String path, YamlFields f)
		throws ModelPackageException
	{
		String shapePath = path + ".shape";
		if (shape instanceof List<?> fixed) {
			if (fixed.size() != letters.length()) throw f.error("'" + shapePath + "' has " + fixed.size() +
				" sizes but axes '" + letters + "' has " + letters.length());
			return Math.round(f.asNumber(fixed.get(a), shapePath + "[" + a + "]"));
		}
		Map<String, Object> s = f.asMap(shape, shapePath);
		if (s.containsKey("reference_tensor")) {
			String reference = f.requireText(s, shapePath, "reference_tensor");
			List<?> scale = f.requireList(s, shapePath, "scale");
			List<?> offset = f.requireList(s, shapePath, "offset");
			double sc = f.asNumber(scale.get(a), shapePath + ".scale[" + a + "]");
			double off = f.asNumber(offset.get(a), shapePath + ".offset[" + a + "]");
			if (sc == 0) return Math.round(2 * off);
			if (sc != 1) throw f.error("'" + shapePath + ".scale[" + a + "]' is " + sc + "; outputs of another size " +
				"than the input are not supported yet");
			Map<String, Object> ref = new LinkedHashMap<>();
			ref.put("tensor_id", reference);
			ref.put("axis_id", String.valueOf(letters.charAt(a)));
			if (off != 0) ref.put("offset", Math.round(2 * off));
			return ref;
		}
		List<?> min = f.requireList(s, shapePath, "min");
		List<?> step = f.requireList(s, shapePath, "step");
		Map<String, Object> size = new LinkedHashMap<>();
		size.put("min", Math.round(f.asNumber(min.get(a), shapePath + ".min[" + a + "]")));
		size.put("step", Math.round(f.asNumber(step.get(a), shapePath + ".step[" + a + "]")));
		return size;
	}
}
