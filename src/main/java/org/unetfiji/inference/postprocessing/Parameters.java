package org.unetfiji.inference.postprocessing;

import java.util.Map;

/** The parameters of one post-processing step, read with messages that name the step and the parameter. */
public final class Parameters {

	private final String step;
	private final Map<String, Object> values;

	Parameters(String step, Map<String, Object> values) {
		this.step = step;
		this.values = Map.copyOf(values);
	}

	/** @throws IllegalArgumentException when the value is not a number */
	public double number(String name) {
		Object value = values.get(name);
		if (value instanceof Number number) return number.doubleValue();
		throw invalid(name, "a number");
	}

	/** @throws IllegalArgumentException when the value is not a whole number from {@code min} on */
	public long whole(String name, long min) {
		double value = number(name);
		if (value != Math.rint(value) || value < min || value > Long.MAX_VALUE)
			throw invalid(name, "a whole " + "number, " + min + " or more");
		return (long) value;
	}

	/** @throws IllegalArgumentException when the value is not one of {@code choices} */
	public String choice(String name, String... choices) {
		String value = String.valueOf(values.get(name));
		for (String choice : choices)
			if (choice.equals(value)) return value;
		throw invalid(name, String.join(" or ", choices));
	}

	/** An error that names the step and the parameter: {@code post-processing step 'x': y must be z, not 'w'}. */
	public IllegalArgumentException invalid(String name, String expected) {
		return new IllegalArgumentException("post-processing step '" + step + "': " + name + " must be " + expected +
			", not '" + values.get(name) + "'");
	}
}
