package org.unetfiji.inference.postprocessing;

import java.util.Map;

/**
 * {@code threshold}: foreground where its probability exceeds {@code threshold} (default 0.5), for two-class
 * (background, foreground) models. A higher threshold keeps only confident foreground, which separates touching
 * objects that argmax joins; a lower one keeps faint objects.
 */
public final class Threshold implements PostprocessingStep {

	public static final String KEY = "threshold";

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public Map<String, Object> defaults() {
		return Map.of("threshold", 0.5);
	}

	@Override
	public Stage create(Parameters parameters) {
		double threshold = parameters.number("threshold");
		if (!(threshold > 0 && threshold < 1)) throw parameters.invalid("threshold", "a probability between 0 and 1");
		return new Classes() {
			@Override
			public void check(int classes) {
				if (classes != 2) throw new IllegalArgumentException("post-processing step '" + KEY + "' labels " +
					"models with 2 classes (background, foreground), not " + classes + "; use '" + Argmax.KEY + "'");
			}

			@Override
			public int[] classes(float[][] probabilities) {
				float[] foreground = probabilities[1];
				int[] classes = new int[foreground.length];
				for (int i = 0; i < classes.length; i++)
					classes[i] = foreground[i] > threshold ? 1 : 0;
				return classes;
			}
		};
	}
}
