package org.unetfiji.api;

import org.unetfiji.evaluation.Evaluation;
import org.unetfiji.evaluation.FilePairing;

/** What an evaluation reports while it runs; its result is {@link EvaluateTask.Result}. */
public interface EvaluateListener extends ProgressListener {

	/** Prediction and truth are paired; the images left without partner are in {@code pairing}. */
	default void paired(FilePairing.Result pairing) {}

	/** Pair {@code index} (from 0) of {@code total} is about to be evaluated. */
	default void evaluating(int index, int total, FilePairing.Pair pair) {}

	/** Every pair is evaluated ({@code count} of them) or skipped; the CSV, if any, is written next. */
	default void evaluated(Evaluation.Report report, int count) {}
}
