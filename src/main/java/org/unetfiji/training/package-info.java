/**
 * Training a U-Net: label kinds and training targets (weight map, class balance, ignore), tile sampling by a
 * probability map, prefetching workers, the training loop with validation, checkpoints, resume, early stopping and
 * learning-rate schedules ({@link org.unetfiji.training.Trainer}, {@link org.unetfiji.training.TrainingFolder}).
 * Subpackages: {@code augmentation} and {@code weights}. It uses the engine, image, model, network and metrics
 * packages, never inference or evaluation.
 */
package org.unetfiji.training;
