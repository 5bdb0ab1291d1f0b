package org.unetfiji.inference.postprocessing;

import java.util.Map;

/**
 * A step that exists only in the tests, to show that a new step is one class and one line in
 * {@code META-INF/services}: the least probable class of each pixel.
 */
public final class LeastProbable implements PostprocessingStep {

	@Override
	public String key() {
		return "test_least_probable";
	}

	@Override
	public Map<String, Object> defaults() {
		return Map.of();
	}

	@Override
	public Stage create(Parameters parameters) {
		return (Classes) probabilities -> {
			int[] classes = new int[probabilities[0].length];
			for (int i = 0; i < classes.length; i++)
				for (int c = 1; c < probabilities.length; c++)
					if (probabilities[c][i] < probabilities[classes[i]][i]) classes[i] = c;
			return classes;
		};
	}
}
