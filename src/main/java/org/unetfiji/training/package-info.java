/**
 * Training a U-Net: label kinds (dense labels detected) and training targets (foreground, or boundary classes drawn
 * from label edges; weight map, class balance, ignore), tile sampling by a
 * probability map, prefetching workers, the training loop with validation, checkpoints, resume, early stopping and
 * learning-rate schedules ({@link org.unetfiji.training.Trainer}, {@link org.unetfiji.training.TrainingFolder}).
 * Subpackages: {@code augmentation} and {@code weights}. It uses the engine, image, model, network and metrics
 * packages, never inference or evaluation.
 */
package org.unetfiji.training;
