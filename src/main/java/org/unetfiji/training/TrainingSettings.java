package org.unetfiji.training;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.unetfiji.training.augmentation.AugmentationSettings;

/**
 * Parameters of a training run.
 *
 * @param tile spatial tile size ({@code [z,] y, x}), valid for the network
 * @param batch tiles per step
 * @param steps number of Adam steps in all (a resumed run continues up to it), or 0 with a time limit: as many
 *            as fit in {@code minutes}, the learning-rate schedule following the time
 * @param learningRate Adam step size at the start
 * @param schedule how the step size changes over the steps
 * @param seed seed of tile sampling and augmentation
 * @param augmentation how tiles are augmented
 * @param validateEvery steps between validations (and log rows, checkpoints and best-model checks)
 * @param patience validations without improvement before stopping early, 0 for never
 * @param minutes training time limit over all resumed runs together, 0 for none
 * @param workers threads preparing batches ahead of the engine
 * @param diceWeight weight of the soft Dice term added to the cross-entropy (0: cross-entropy only)
 */
public record TrainingSettings(long[] tile, int batch, int steps, float learningRate, LearningRateSchedule schedule,
	long seed, AugmentationSettings augmentation, int validateEvery, int patience, double minutes, int workers,
	float diceWeight) {

	public TrainingSettings {
		if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, not " + batch);
		if (steps < 1 && !(steps == 0 && minutes > 0))
			throw new IllegalArgumentException("steps must be at least 1, not " + steps);
		if (!(learningRate > 0 && learningRate < 1))
			throw new IllegalArgumentException("learning rate must be in (0, 1), not " + learningRate);
		for (long t : tile)
			if (t < 1) throw new IllegalArgumentException("tile sizes must be positive: " + Arrays.toString(tile));
		if (validateEvery < 1)
			throw new IllegalArgumentException("validate-every must be at least 1, not " + validateEvery);
		if (patience < 0 || !(minutes >= 0) || workers < 1)
			throw new IllegalArgumentException("patience and minutes must not be negative, workers at least 1");
		if (!(diceWeight >= 0) || Float.isInfinite(diceWeight))
			throw new IllegalArgumentException("the Dice weight must not be negative, not " + diceWeight);
		tile = tile.clone();
	}

	/** Settings that train on the weighted cross-entropy alone. */
	public TrainingSettings(long[] tile, int batch, int steps, float learningRate, LearningRateSchedule schedule,
		long seed, AugmentationSettings augmentation, int validateEvery, int patience, double minutes, int workers)
	{
		this(tile, batch, steps, learningRate, schedule, seed, augmentation, validateEvery, patience, minutes, workers,
			0);
	}

	/** Plain training: constant rate, no augmentation, one validation at the end, no limits, one worker. */
	public static TrainingSettings plain(long[] tile, int batch, int steps, float learningRate, long seed) {
		return new TrainingSettings(tile, batch, steps, learningRate, LearningRateSchedule.CONSTANT, seed,
			AugmentationSettings.none(), steps, 0, 0, 1);
	}

	/** Whether training runs for {@code minutes} rather than a number of steps. */
	public boolean timed() {
		return steps == 0;
	}

	/** The same settings with another augmentation. */
	public TrainingSettings withAugmentation(AugmentationSettings newAugmentation) {
		return new TrainingSettings(tile, batch, steps, learningRate, schedule, seed, newAugmentation, validateEvery,
			patience, minutes, workers, diceWeight);
	}

	/** The same settings with another validation interval and patience. */
	public TrainingSettings withValidation(int newValidateEvery, int newPatience) {
		return new TrainingSettings(tile, batch, steps, learningRate, schedule, seed, augmentation, newValidateEvery,
			newPatience, minutes, workers, diceWeight);
	}

	/** The same settings with another weight of the soft Dice term. */
	public TrainingSettings withDice(float newDiceWeight) {
		return new TrainingSettings(tile, batch, steps, learningRate, schedule, seed, augmentation, validateEvery,
			patience, minutes, workers, newDiceWeight);
	}

	/** As recorded in the model descriptor. */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("tile", Arrays.stream(tile).boxed().toList());
		map.put("batch", batch);
		if (timed()) map.put("steps_follow", "minutes");
		else map.put("steps", steps);
		map.put("learning_rate", (double) learningRate);
		map.put("schedule", schedule.toString());
		map.put("seed", seed);
		map.put("validate_every", validateEvery);
		map.put("patience", patience);
		map.put("minutes", minutes);
		map.put("loss", diceWeight > 0 ? "weighted softmax cross-entropy + " + diceWeight + " x (1 - soft Dice)"
			: "weighted softmax cross-entropy");
		if (diceWeight > 0) map.put("dice_weight", (double) diceWeight);
		map.put("augmentation", augmentation.toMap());
		return map;
	}
}
