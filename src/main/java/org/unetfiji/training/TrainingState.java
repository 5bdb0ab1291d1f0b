package org.unetfiji.training;

import java.util.Properties;

/**
 * Where a training run stands, saved with each checkpoint so that a killed run resumes there.
 *
 * @param step steps done
 * @param seconds training time so far, over all resumed runs
 * @param bestScore best validation score so far (NaN before the first validation)
 * @param bestStep step of the best validation score, 0 for none
 * @param stale validations since the best one
 */
public record TrainingState(int step, double seconds, double bestScore, int bestStep, int stale) {

	/** Before the first step. */
	public static final TrainingState START = new TrainingState(0, 0, Double.NaN, 0, 0);

	Properties toProperties() {
		Properties p = new Properties();
		p.setProperty("step", Integer.toString(step));
		p.setProperty("seconds", Double.toString(seconds));
		p.setProperty("best_score", Double.toString(bestScore));
		p.setProperty("best_step", Integer.toString(bestStep));
		p.setProperty("stale", Integer.toString(stale));
		return p;
	}

	static TrainingState fromProperties(Properties p) {
		try {
			return new TrainingState(Integer.parseInt(p.getProperty("step")),
				Double.parseDouble(p.getProperty("seconds")), Double.parseDouble(p.getProperty("best_score")),
				Integer.parseInt(p.getProperty("best_step")), Integer.parseInt(p.getProperty("stale")));
		}
		catch (RuntimeException e) {
			throw new IllegalArgumentException("the checkpoint's training state is damaged: " + p, e);
		}
	}
}
