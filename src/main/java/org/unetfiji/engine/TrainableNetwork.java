package org.unetfiji.engine;

import java.io.IOException;
import java.nio.file.Path;

/** A U-Net held by a {@link TrainingEngine}: besides predicting, takes training steps and saves itself. */
public interface TrainableNetwork extends Network {

	/**
	 * One Adam step on the weighted softmax cross-entropy {@code Σ w·ce / Σ w}.
	 *
	 * @param input {@code (batch, [z,] y, x, channels)}
	 * @param target one-hot classes, {@code (batch, [z,] y, x, classes)}
	 * @param weights per-pixel loss weights, {@code (batch, [z,] y, x)}; 0 ignores a pixel
	 * @param learningRate Adam step size for this step
	 * @return the loss before the step
	 */
	float trainStep(FloatTensor input, FloatTensor target, FloatTensor weights, float learningRate);

	/**
	 * As {@link #trainStep(FloatTensor, FloatTensor, FloatTensor, float)}, on the cross-entropy plus
	 * {@code diceWeight × (1 − soft Dice)}, the soft Dice being the mean over the classes after the first of
	 * {@code 2 Σ p·t / (Σ p + Σ t)} over the pixels of non-zero weight.
	 *
	 * @throws UnsupportedOperationException for a Dice weight other than 0 where the network has no Dice term
	 */
	default float trainStep(FloatTensor input, FloatTensor target, FloatTensor weights, float learningRate,
		float diceWeight)
	{
		if (diceWeight != 0)
			throw new UnsupportedOperationException("this network trains on the cross-entropy " + "only; use dice=0");
		return trainStep(input, target, weights, learningRate);
	}

	/**
	 * The current value of one of the network's weights, by name (for export to other formats), e.g.
	 * {@code encoder0_conv1_kernel}, in the engine's layout.
	 *
	 * @throws IllegalArgumentException when the network has no such weight
	 */
	FloatTensor variable(String name);

	/** Writes the network (graph, weights and optimiser state) to a new folder: a checkpoint to resume from. */
	void save(Path folder) throws IOException;

	/**
	 * Writes the network with its weights and a fresh optimiser (zero Adam moments, as a new network has) to a new
	 * folder: the weights of a model package, which keep nothing of the training run but the network (finetuning
	 * starts its optimiser afresh anyway). Zero moments compress to almost nothing in a zip or a git repository.
	 */
	void saveWithoutOptimizerState(Path folder) throws IOException;
}
