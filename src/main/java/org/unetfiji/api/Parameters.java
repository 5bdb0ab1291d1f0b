package org.unetfiji.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code key=value} parameters, the vocabulary shared by the command line, the Fiji commands and ImageJ macros
 * ({@code model=nuclei-2d input=cells.tif}). Values may be bracketed as in macros ({@code model=[my model]}).
 * Unknown or malformed keys are errors, never silently ignored. Hyphens in keys are optional
 * ({@code min-size=} and {@code minsize=} are the same key), because ImageJ macro keys cannot hold them.
 */
public final class Parameters {

	/** Values by key without hyphens, and the keys as they were given. */
	private final Map<String, String> values = new LinkedHashMap<>();
	private final Map<String, String> given = new LinkedHashMap<>();
	private final Set<String> used = new TreeSet<>();

	/** Parses {@code key=value} words. */
	public static Parameters parse(String... words) {
		Parameters parameters = new Parameters();
		for (String word : words) {
			int eq = word.indexOf('=');
			if (eq <= 0) throw new IllegalArgumentException("expected key=value, got '" + word + "'");
			String value = word.substring(eq + 1).trim();
			if (value.startsWith("[") && value.endsWith("]")) value = value.substring(1, value.length() - 1);
			parameters.put(word.substring(0, eq), value);
		}
		return parameters;
	}

	/**
	 * Parameters given by scripts as a map from key to value (text or numbers): {@code {"tile": "256",
	 * "min-size": 50}}; {@code null} values are left out.
	 */
	public static Parameters of(Map<String, ?> keysAndValues) {
		Parameters parameters = new Parameters();
		keysAndValues.forEach((key, value) -> {
			if (value != null) parameters.put(key, value.toString().strip());
		});
		return parameters;
	}

	private void put(String givenKey, String value) {
		String key = givenKey.trim().toLowerCase();
		if (values.put(canonical(key), value) != null)
			throw new IllegalArgumentException("parameter '" + key + "' given twice");
		given.put(canonical(key), key);
	}

	/** A required string. */
	public String string(String key) {
		String value = optional(key, null);
		if (value == null || value.isEmpty()) throw new IllegalArgumentException("missing parameter " + key + "=...");
		return value;
	}

	/** An optional string with a default. */
	public String optional(String key, String defaultValue) {
		used.add(key);
		return values.getOrDefault(canonical(key), defaultValue);
	}

	private static String canonical(String key) {
		return key.replace("-", "");
	}

	public Path path(String key) {
		return Path.of(string(key));
	}

	/** An integer within {@code [min, max]}. */
	public int integer(String key, int defaultValue, int min, int max) {
		String text = optional(key, null);
		if (text == null) return defaultValue;
		int value;
		try {
			value = Integer.parseInt(text);
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(key + "=" + text + " is not a whole number");
		}
		if (value < min || value > max)
			throw new IllegalArgumentException(key + "=" + value + " is out of range [" + min + ", " + max + "]");
		return value;
	}

	/** A number within {@code [min, max]}. */
	public double number(String key, double defaultValue, double min, double max) {
		String text = optional(key, null);
		if (text == null) return defaultValue;
		double value;
		try {
			value = Double.parseDouble(text);
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(key + "=" + text + " is not a number");
		}
		if (!(value >= min && value <= max))
			throw new IllegalArgumentException(key + "=" + text + " is out of range [" + min + ", " + max + "]");
		return value;
	}

	/** {@code true} or {@code false}, with a default. */
	public boolean flag(String key, boolean defaultValue) {
		String text = optional(key, Boolean.toString(defaultValue));
		if (!text.equals("true") && !text.equals("false"))
			throw new IllegalArgumentException(key + "=" + text + " is not true or false");
		return text.equals("true");
	}

	/** Throws when a parameter was given that no caller asked for (a typo, usually). */
	public void checkAllUsed() {
		Set<String> unknown = new TreeSet<>();
		for (String key : values.keySet())
			if (used.stream().noneMatch(known -> canonical(known).equals(key))) unknown.add(given.get(key));
		if (!unknown.isEmpty())
			throw new IllegalArgumentException("unknown parameter(s) " + unknown + "; known: " + used);
	}
}
