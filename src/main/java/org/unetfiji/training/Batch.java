package org.unetfiji.training;

import org.unetfiji.engine.FloatTensor;

/**
 * One training batch as the engine takes it.
 *
 * @param input {@code (batch, [z,] y, x, channels)}
 * @param target one-hot classes, {@code (batch, [z,] y, x, classes)}
 * @param weights loss weights, {@code (batch, [z,] y, x)}
 */
public record Batch(FloatTensor input, FloatTensor target, FloatTensor weights) {}
