package org.unetfiji.inference.postprocessing;

import java.util.Map;
import java.util.stream.IntStream;

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

	/** Pixels per block; a plane of several blocks is labelled on all cores. */
	private static final int BLOCK = 1 << 16;

	/** Index of the most probable class per pixel (the first of equals). */
	public static int[] classes(float[][] probabilities) {
		int[] classes = new int[probabilities[0].length];
		int blocks = (classes.length + BLOCK - 1) / BLOCK;
		IntStream range = IntStream.range(0, blocks);
		(blocks > 4 ? range.parallel() : range).forEach(block -> {
			for (int i = block * BLOCK; i < Math.min(classes.length, (block + 1) * BLOCK); i++) {
				int best = 0;
				for (int c = 1; c < probabilities.length; c++)
					if (probabilities[c][i] > probabilities[best][i]) best = c;
				classes[i] = best;
			}
		});
		return classes;
	}
}
