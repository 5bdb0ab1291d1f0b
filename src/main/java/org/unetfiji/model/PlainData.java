package org.unetfiji.model;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies caller-given values into immutable plain YAML data, so that what is written reads back equal:
 * maps with text keys, lists (from collections and arrays), text, booleans, {@code Integer} (or {@code Long},
 * {@code BigInteger} when too large), {@code Double} (from any floating-point number) and null. Dates become
 * ISO-8601 text.
 */
final class PlainData {

	private PlainData() {}

	/** An immutable plain-data copy of a map; {@code null} gives an empty map. */
	static Map<String, Object> copyMap(Map<?, ?> map, String what) {
		return map == null ? Map.of() : castMap(copy(map, what));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> castMap(Object map) {
		return (Map<String, Object>) map;
	}

	/**
	 * An immutable plain-data copy of a value.
	 *
	 * @param what where the value goes, for the message
	 * @throws IllegalArgumentException if the value holds something that is not plain data, or nests deeper than
	 *         {@link DescriptorIO#MAX_NESTING} levels (as a value that contains itself does)
	 */
	static Object copy(Object value, String what) {
		return copy(value, what, 0);
	}

	private static Object copy(Object value, String what, int depth) {
		if (depth > DescriptorIO.MAX_NESTING) throw new IllegalArgumentException(
			what + " nests deeper than " + DescriptorIO.MAX_NESTING + " levels or contains itself");
		if (value == null || value instanceof String || value instanceof Boolean) return value;
		if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).intValue();
		}
		if (value instanceof Long || value instanceof BigInteger) return integer((Number) value);
		if (value instanceof Double || value instanceof BigDecimal) return ((Number) value).doubleValue();
		if (value instanceof Float) return Double.parseDouble(value.toString());
		if (value instanceof Character) return value.toString();
		if (value instanceof Date) return ((Date) value).toInstant().toString();
		if (value instanceof Map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
				if (!(entry.getKey() instanceof String)) {
					throw new IllegalArgumentException(what + " has a key that is not text: " + entry.getKey());
				}
				String key = (String) entry.getKey();
				copy.put(key, copy(entry.getValue(), what + "." + key, depth + 1));
			}
			return Collections.unmodifiableMap(copy);
		}
		List<Object> list = new ArrayList<>();
		if (value instanceof Collection) {
			for (Object element : (Collection<?>) value)
				list.add(copy(element, what + "[]", depth + 1));
		}
		else if (value.getClass().isArray()) {
			for (int i = 0; i < Array.getLength(value); i++)
				list.add(copy(Array.get(value, i), what + "[]", depth + 1));
		}
		else {
			throw new IllegalArgumentException(what + " holds a " + value.getClass().getName() +
				"; only maps, lists, arrays, text, numbers and booleans can be stored");
		}
		return Collections.unmodifiableList(list);
	}

	private static Number integer(Number value) {
		BigInteger big = value instanceof BigInteger ? (BigInteger) value : BigInteger.valueOf(value.longValue());
		if (big.bitLength() < Integer.SIZE) return big.intValue();
		if (big.bitLength() < Long.SIZE) return big.longValue();
		return big;
	}
}
