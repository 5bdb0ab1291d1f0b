package org.unetfiji.inference.postprocessing;

import java.util.Map;

/**
 * {@code threshold}: foreground where its probability exceeds {@code threshold} (default 0.5). Class 0 is the
 * background; a pixel gets the most probable of the other classes whose probability exceeds the threshold, else the
 * background. For two classes (background, foreground) that is foreground above the threshold; it also labels
 * independent output channels (each its own probability, e.g. after a sigmoid: a foreground and a boundary channel),
 * which argmax cannot. A higher threshold keeps only confident foreground, which separates touching objects that
 * argmax joins; a lower one keeps faint objects.
 */
public final class Threshold implements PostprocessingStep {

	public static final String KEY = "threshold";

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public Map<String, Object> defaults() {
		return Map.of(KEY, 0.5);
	}

	@Override
	public Stage create(Parameters parameters) {
		double threshold = parameters.number(KEY);
		if (!(threshold > 0 && threshold < 1)) throw parameters.invalid(KEY, "a probability between 0 and 1");
		return new Classes() {
			@Override
			public void check(int classes) {
				if (classes < 2) throw new IllegalArgumentException("post-processing step '" + KEY + "' labels " +
					"models with a background and at least one foreground class, not " + classes + " class(es)");
			}

			@Override
			public int[] classes(float[][] probabilities) {
				int[] classes = new int[probabilities[0].length];
				for (int i = 0; i < classes.length; i++) {
					int best = 0;
					for (int c = 1; c < probabilities.length; c++)
						if (probabilities[c][i] > threshold &&
							(best == 0 || probabilities[c][i] > probabilities[best][i])) best = c;
					classes[i] = best;
				}
				return classes;
			}
		};
	}
}
