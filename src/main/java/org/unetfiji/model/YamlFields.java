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

	YamlFields(final String file) {
		this.file = file;
	}

	/** The value at {@code key}, or an error naming the field if it is missing. */
	Object require(final Map<String, Object> map, final String path, final String key) throws ModelPackageException {
		final Object value = map.get(key);
		if (value == null) {
			throw error("the required field '" + join(path, key) + "' is missing. Add it to " + file);
		}
		return value;
	}

	Map<String, Object> requireMap(final Map<String, Object> map, final String path, final String key)
		throws ModelPackageException
	{
		return asMap(require(map, path, key), join(path, key));
	}

	Map<String, Object> optionalMap(final Map<String, Object> map, final String path, final String key)
		throws ModelPackageException
	{
		final Object value = map.get(key);
		return value == null ? Map.of() : asMap(value, join(path, key));
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> asMap(final Object value, final String path) throws ModelPackageException {
		if (!(value instanceof Map)) throw wrongType(path, "a mapping (key: value lines)", value);
		for (final Object key : ((Map<?, ?>) value).keySet()) {
			if (!(key instanceof String)) {
				throw error("'" + path + "' has the key " + key + " that is not text. Quote it in " + file);
			}
		}
		return (Map<String, Object>) value;
	}

	List<?> requireList(final Map<String, Object> map, final String path, final String key)
		throws ModelPackageException
	{
		return asList(require(map, path, key), join(path, key));
	}

	List<?> optionalList(final Map<String, Object> map, final String path, final String key)
		throws ModelPackageException
	{
		final Object value = map.get(key);
		return value == null ? List.of() : asList(value, join(path, key));
	}

	private List<?> asList(final Object value, final String path) throws ModelPackageException {
		if (!(value instanceof List)) throw wrongType(path, "a list", value);
		return (List<?>) value;
	}

	String requireText(final Map<String, Object> map, final String path, final String key)
		throws ModelPackageException
	{
		final String text = asText(require(map, path, key), join(path, key));
		if (text.isBlank()) throw error("the field '" + join(path, key) + "' is empty. Fill it in " + file);
		return text;
	}

	String optionalText(final Map<String, Object> map, final String path, final String key)
		throws ModelPackageException
	{
		final Object value = map.get(key);
		return value == null ? null : asText(value, join(path, key));
	}

	/** Text; YAML scalars that read as numbers, booleans or dates (e.g. {@code 2.18}) count as their text. */
	String asText(final Object value, final String path) throws ModelPackageException {
		if (value instanceof String) return (String) value;
		if (value instanceof Number || value instanceof Boolean) return value.toString();
		if (value instanceof Date) return ((Date) value).toInstant().toString();
		throw wrongType(path, "text", value);
	}

	long requireWholeNumber(final Map<String, Object> map, final String path, final String key)
		throws ModelPackageException
	{
		return asWholeNumber(require(map, path, key), join(path, key));
	}

	long optionalWholeNumber(final Map<String, Object> map, final String path, final String key,
		final long fallback) throws ModelPackageException
	{
		final Object value = map.get(key);
		return value == null ? fallback : asWholeNumber(value, join(path, key));
	}

	private long asWholeNumber(final Object value, final String path) throws ModelPackageException {
		if (value instanceof Integer || value instanceof Long) return ((Number) value).longValue();
		if (value instanceof BigInteger) throw error("'" + path + "' is too large: " + value + ". Fix it in " + file);
		throw wrongType(path, "a whole number", value);
	}

	double asNumber(final Object value, final String path) throws ModelPackageException {
		if (value instanceof Number) return ((Number) value).doubleValue();
		throw wrongType(path, "a number", value);
	}

	/** Runs a constructor and turns its {@link IllegalArgumentException} into an error at {@code path}. */
	<T> T build(final String path, final Supplier<T> constructor) throws ModelPackageException {
		try {
			return constructor.get();
		}
		catch (final IllegalArgumentException e) {
			throw error((path.isEmpty() ? "" : "'" + path + "': ") + e.getMessage() + ". Fix it in " + file);
		}
	}

	ModelPackageException error(final String message) {
		return new ModelPackageException(file + ": " + message);
	}

	private ModelPackageException wrongType(final String path, final String expected, final Object value) {
		return error("'" + path + "' must be " + expected + ", but it is " + describe(value) + ". Fix it in " + file);
	}

	static String join(final String path, final String key) {
		return path.isEmpty() ? key : path + "." + key;
	}

	private static String describe(final Object value) {
		if (value instanceof String) return "the text \"" + value + "\"";
		if (value instanceof Map) return "a mapping";
		if (value instanceof List) return "a list";
		if (value instanceof Boolean) return "the boolean " + value;
		if (value instanceof Number) return "the number " + value;
		return "a " + value.getClass().getSimpleName();
	}
}
