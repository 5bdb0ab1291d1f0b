package org.unetfiji.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.unetfiji.engine.EngineMemory;
import org.unetfiji.engine.TrainableNetwork;

/**
 * Trains a network on augmented tiles of annotated images with the weighted softmax cross-entropy, validating,
 * logging and checkpointing at every validation interval into a {@link TrainingFolder}. A run resumes from the
 * folder's last checkpoint (the caller loads that network, optimiser state included); since each batch depends
 * only on the seed and its step, a resumed run continues exactly as an uninterrupted one would.
 */
public final class Trainer {

	/** Why training stopped. */
	public enum Stop {
		/** All steps done, or the whole time of a run that trains for a time. */
		COMPLETED,
		/** The time limit was reached. */
		TIME_LIMIT,
		/** No improvement for {@code patience} validations. */
		EARLY_STOP,
		/** Cancelled by the caller. */
		CANCELLED
	}

	/** Receives the progress of training. */
	public interface Progress {

		/** After each step; a run that trains for a time gives the steps it expects to take in all. */
		void step(int step, int steps, float loss);

		/** After each validation interval. */
		default void logged(LogRow row) {}
	}

	/**
	 * The outcome of a run.
	 *
	 * @param state where training stands now (as checkpointed)
	 * @param stop why it stopped
	 * @param losses loss of every step of this run
	 * @param log the whole log, earlier runs included
	 * @param engineFraction fraction of this run's wall time spent inside the engine's training steps
	 * @param waitingFraction fraction of this run's wall time spent waiting for training data
	 */
	public record Result(TrainingState state, Stop stop, List<Float> losses, List<LogRow> log, double engineFraction,
		double waitingFraction) {}

	private final TileSampler sampler;
	private final Validator validator;
	private final TrainingSettings settings;

	/**
	 * @param training samples to cut training tiles from
	 * @param validation held-back samples (may be empty)
	 * @param classes number of classes of the network
	 */
	public Trainer(List<TrainingSample> training, List<TrainingSample> validation, int classes,
		TrainingSettings settings)
	{
		this(training, classes, settings, new Validator(validation));
	}

	/**
	 * A trainer whose validation knows the target's classes (boundary F1, objects from the interior class).
	 *
	 * @param targets how the samples' classes were made
	 */
	public Trainer(List<TrainingSample> training, List<TrainingSample> validation, int classes,
		TrainingSettings settings, TargetSettings targets)
	{
		this(training, classes, settings,
			new Validator(validation, targets.interiorClass(), targets.boundaryClass(), targets.dense()));
	}

	private Trainer(List<TrainingSample> training, int classes, TrainingSettings settings, Validator validator) {
		if (training.isEmpty()) throw new IllegalArgumentException("no training images");
		this.settings = settings;
		this.sampler = new TileSampler(training, classes, settings.tile(), settings.augmentation(), settings.seed());
		this.validator = validator;
	}

	/** The batch of a step (what {@link #train} feeds the engine at that step). */
	public Batch batch(int step) {
		return sampler.batch(step, settings.batch());
	}

	/**
	 * Trains from the folder's checkpoint (or from the start) up to the last step, the time limit, early stopping
	 * or cancellation, whichever comes first; always leaves a checkpoint of where it stopped.
	 *
	 * @param network the network, as loaded from the folder's checkpoint when there is one
	 * @param cancelled checked before each step
	 */
	public Result train(TrainableNetwork network, TrainingFolder folder, Progress progress, BooleanSupplier cancelled)
		throws IOException
	{
		TrainingState resumed = folder.state();
		TrainingState state = resumed;
		List<LogRow> log = new ArrayList<>(folder.log(state.step()));
		List<Float> losses = new ArrayList<>();
		long start = System.nanoTime();
		long engineNanos = 0;
		double waited;
		Stop stop = Stop.COMPLETED;
		int step = state.step();
		double lossSum = 0;
		int lossCount = 0;
		float rate = settings.learningRate();
		int last = settings.timed() ? Integer.MAX_VALUE : settings.steps();
		double limit = settings.minutes() * 60;
		try (BatchQueue queue = new BatchQueue(this::batch, step + 1, last, settings.workers())) {
			while (step < last) {
				if (cancelled.getAsBoolean()) {
					stop = Stop.CANCELLED;
					break;
				}
				double elapsed = seconds(resumed, start);
				if (limit > 0 && elapsed >= limit) {
					// training for a time ends as a completed run: its last network is validated like any other
					if (settings.timed() && state.step() != step && lossCount > 0) state = validate(network, folder,
						state, step, elapsed, rate, lossSum / lossCount, log, progress);
					stop = settings.timed() ? Stop.COMPLETED : Stop.TIME_LIMIT;
					break;
				}
				step++;
				Batch batch = queue.take(step);
				rate = settings.timed() ? settings.schedule().rate(settings.learningRate(), elapsed / limit)
					: settings.schedule().rate(settings.learningRate(), step, settings.steps());
				long before = System.nanoTime();
				float loss = trainStep(network, batch, rate, step, state.step());
				engineNanos += System.nanoTime() - before;
				losses.add(loss);
				lossSum += loss;
				lossCount++;
				progress.step(step,
					settings.timed() ? expectedSteps(step, seconds(resumed, start) / limit) : settings.steps(), loss);
				if (step % settings.validateEvery() == 0 || step == settings.steps()) {
					state = validate(network, folder, state, step, seconds(resumed, start), rate, lossSum / lossCount,
						log, progress);
					lossSum = 0;
					lossCount = 0;
					if (settings.patience() > 0 && state.stale() >= settings.patience()) {
						stop = Stop.EARLY_STOP;
						break;
					}
				}
			}
			waited = queue.waitedSeconds();
		}
		if (state.step() != step) {
			if (lossCount > 0) log.add(new LogRow(step, seconds(resumed, start), rate, lossSum / lossCount, Double.NaN,
				Double.NaN, Double.NaN, Double.NaN));
			state = new TrainingState(step, seconds(resumed, start), state.bestScore(), state.bestStep(),
				state.stale());
			// a cancel may come as an interrupt, which would close the checkpoint's file channels mid-write
			boolean interrupted = Thread.interrupted();
			try {
				folder.checkpoint(network, state);
				folder.writeLog(log);
			}
			finally {
				if (interrupted) Thread.currentThread().interrupt();
			}
		}
		double wall = (System.nanoTime() - start) / 1e9;
		return new Result(state, stop, losses, log, wall > 0 ? engineNanos / 1e9 / wall : 0,
			wall > 0 ? waited / wall : 0);
	}

	/** One engine step; running out of memory ends training with what to do about it. */
	private float trainStep(TrainableNetwork network, Batch batch, float rate, int step, int checkpointed) {
		try {
			return network.trainStep(batch.input(), batch.target(), batch.weights(), rate, settings.diceWeight());
		}
		catch (RuntimeException e) {
			if (!EngineMemory.isOutOfMemory(e)) throw e;
			String kept = checkpointed > 0 ? "; the checkpoint of step " + checkpointed + " is kept" : "";
			String resumes = checkpointed > 0 ? " (it resumes from the checkpoint)" : "";
			throw new IllegalStateException("the engine ran out of memory at step " + step + " with " +
				settings.batch() + " tile(s) of " + Arrays.toString(settings.tile()) + kept +
				". Run again with a smaller " + "batch= or tile=" + resumes, e);
		}
	}

	/** Validates, logs, keeps the best network and checkpoints; returns the new state. */
	private TrainingState validate(TrainableNetwork network, TrainingFolder folder, TrainingState previous, int step,
		double seconds, float rate, double trainLoss, List<LogRow> log, Progress progress) throws IOException
	{
		Validator.Scores scores = validator.evaluate(network);
		LogRow row = new LogRow(step, seconds, rate, trainLoss, scores.loss(), scores.pixelAccuracy(),
			scores.foregroundIoU(), scores.f1(), scores.boundaryF1());
		log.add(row);
		double score = scores.score();
		TrainingState state;
		if (!Double.isNaN(score) && (Double.isNaN(previous.bestScore()) || score > previous.bestScore())) {
			folder.saveBest(network, step);
			state = new TrainingState(step, seconds, score, step, 0);
		}
		else state = new TrainingState(step, seconds, previous.bestScore(), previous.bestStep(),
			Double.isNaN(score) ? 0 : previous.stale() + 1);
		folder.checkpoint(network, state);
		folder.writeLog(log);
		progress.logged(row);
		return state;
	}

	/** The steps a timed run will take in all, as estimated from the pace so far. */
	private static int expectedSteps(int step, double done) {
		return done <= 0 ? step + 1 : (int) Math.max(step, Math.min(Integer.MAX_VALUE, Math.round(step / done)));
	}

	/** Training time over all runs: the checkpointed time plus this run's. */
	private static double seconds(TrainingState resumed, long start) {
		return resumed.seconds() + (System.nanoTime() - start) / 1e9;
	}
}
