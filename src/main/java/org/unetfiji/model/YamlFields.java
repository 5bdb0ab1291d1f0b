package org.unetfiji.model;

import java.math.BigInteger;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Typed access to the parsed YAML of one descriptor, with error messages that name the file and the field
 * path (e.g. {@code inputs[0].axes[2].size.min}).
 */
final class YamlFields {

	private final String file;

	YamlFields(String file) {
		this.file = file;
	}

	/** The value at {@code key}, or an error naming the field if it is missing. */
	Object require(Map<String, Object> map, String path, String key) throws ModelPackageException {
		Object value = map.get(key);
		if (value == null) {
			throw error("the required field '" + join(path, key) + "' is missing. Add it to " + file);
		}
		return value;
	}

	Map<String, Object> requireMap(Map<String, Object> map, String path, String key) throws ModelPackageException {
		return asMap(require(map, path, key), join(path, key));
	}

	Map<String, Object> optionalMap(Map<String, Object> map, String path, String key) throws ModelPackageException {
		Object value = map.get(key);
		return value == null ? Map.of() : asMap(value, join(path, key));
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> asMap(Object value, String path) throws ModelPackageException {
		if (!(value instanceof Map)) throw wrongType(path, "a mapping (key: value lines)", value);
		for (Object key : ((Map<?, ?>) value).keySet()) {
			if (!(key instanceof String)) {
				throw error("'" + path + "' has the key " + key + " that is not text. Quote it in " + file);
			}
		}
		return (Map<String, Object>) value;
	}

	List<?> requireList(Map<String, Object> map, String path, String key) throws ModelPackageException {
		return asList(require(map, path, key), join(path, key));
	}

	List<?> optionalList(Map<String, Object> map, String path, String key) throws ModelPackageException {
		Object value = map.get(key);
		return value == null ? List.of() : asList(value, join(path, key));
	}

	private List<?> asList(Object value, String path) throws ModelPackageException {
		if (!(value instanceof List)) throw wrongType(path, "a list", value);
		return (List<?>) value;
	}

	String requireText(Map<String, Object> map, String path, String key) throws ModelPackageException {
		String text = asText(require(map, path, key), join(path, key));
		if (text.isBlank()) throw error("the field '" + join(path, key) + "' is empty. Fill it in " + file);
		return text;
	}

	String optionalText(Map<String, Object> map, String path, String key) throws ModelPackageException {
		Object value = map.get(key);
		return value == null ? null : asText(value, join(path, key));
	}

	/** Text; YAML scalars that read as numbers, booleans or dates (e.g. {@code 2.18}) count as their text. */
	String asText(Object value, String path) throws ModelPackageException {
		if (value instanceof String) return (String) value;
		if (value instanceof Number || value instanceof Boolean) return value.toString();
		if (value instanceof Date) return ((Date) value).toInstant().toString();
		throw wrongType(path, "text", value);
	}

	long requireWholeNumber(Map<String, Object> map, String path, String key) throws ModelPackageException {
		return asWholeNumber(require(map, path, key), join(path, key));
	}

	long optionalWholeNumber(Map<String, Object> map, String path, String key, long fallback)
		throws ModelPackageException
	{
		Object value = map.get(key);
		return value == null ? fallback : asWholeNumber(value, join(path, key));
	}

	private long asWholeNumber(Object value, String path) throws ModelPackageException {
		if (value instanceof Integer || value instanceof Long) return ((Number) value).longValue();
		if (value instanceof BigInteger) throw error("'" + path + "' is too large: " + value + ". Fix it in " + file);
		throw wrongType(path, "a whole number", value);
	}

	double asNumber(Object value, String path) throws ModelPackageException {
		if (value instanceof Number) return ((Number) value).doubleValue();
		throw wrongType(path, "a number", value);
	}

	/** Runs a constructor and turns its {@link IllegalArgumentException} into an error at {@code path}. */
	<T> T build(String path, Supplier<T> constructor) throws ModelPackageException {
		try {
			return constructor.get();
		}
		catch (IllegalArgumentException e) {
			throw error((path.isEmpty() ? "" : "'" + path + "': ") + e.getMessage() + ". Fix it in " + file);
		}
	}

	ModelPackageException error(String message) {
		return new ModelPackageException(file + ": " + message);
	}

	private ModelPackageException wrongType(String path, String expected, Object value) {
		return error("'" + path + "' must be " + expected + ", but it is " + describe(value) + ". Fix it in " + file);
	}

	static String join(String path, String key) {
		return path.isEmpty() ? key : path + "." + key;
	}

	private static String describe(Object value) {
		if (value instanceof String) return "the text \"" + value + "\"";
		if (value instanceof Map) return "a mapping";
		if (value instanceof List) return "a list";
		if (value instanceof Boolean) return "the boolean " + value;
		if (value instanceof Number) return "the number " + value;
		return "a " + value.getClass().getSimpleName();
	}
}
