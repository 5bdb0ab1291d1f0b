package org.unetfiji.inference.postprocessing;

import java.util.Map;

/** {@code argmax}: the most probable class of each pixel (the first of equals); the default labelling. */
public final class Argmax implements PostprocessingStep {

	public static final String KEY = "argmax";

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public Map<String, Object> defaults() {
		return Map.of();
	}

	@Override
	public Stage create(Parameters parameters) {
		return (Classes) Argmax::classes;
	}

	/** Index of the most probable class per pixel (the first of equals). */
	public static int[] classes(float[][] probabilities) {
		int[] classes = new int[probabilities[0].length];
		for (int i = 0; i < classes.length; i++) {
			int best = 0;
			for (int c = 1; c < probabilities.length; c++)
				if (probabilities[c][i] > probabilities[best][i]) best = c;
			classes[i] = best;
		}
		return classes;
	}
}
