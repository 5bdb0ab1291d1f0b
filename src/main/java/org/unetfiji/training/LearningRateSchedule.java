package org.unetfiji.training;

import java.util.Locale;

/** How the learning rate changes over the training steps, or over the training time. */
public enum LearningRateSchedule {

	/** The same rate at every step. */
	CONSTANT,
	/** Half a cosine from the full rate down to 1 % of it at the last step. */
	COSINE,
	/** The full rate, a tenth of it from half of the steps on, a hundredth from three quarters on. */
	STEP;

	/** The rate at step {@code step} (1-based) of {@code steps}. */
	public float rate(float base, int step, int steps) {
		return rate(base, steps <= 1 ? 0 : (step - 1.0) / (steps - 1));
	}

	/**
	 * The rate when {@code progress} (0 at the start, 1 at the end) of training is done; training for a time
	 * measures progress in time rather than in steps.
	 */
	public float rate(float base, double progress) {
		return switch (this) {
			case CONSTANT -> base;
			case COSINE -> (float) (base * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * progress))));
			case STEP -> base * (progress < 0.5 ? 1f : progress < 0.75 ? 0.1f : 0.01f);
		};
	}

	/** Reads {@code constant}, {@code cosine} or {@code step}. */
	public static LearningRateSchedule parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("schedule=" + text + " is not one of constant, cosine, step");
		}
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
