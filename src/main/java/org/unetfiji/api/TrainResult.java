package org.unetfiji.api;

import java.nio.file.Path;

import org.unetfiji.training.Trainer;

/**
 * The outcome of a training run.
 *
 * @param training where training stopped and why, its losses and log
 * @param model the model package written
 * @param summary what {@code ./unet train} prints at the end: why it stopped, after how many steps, where the
 *            model and the log are
 */
public record TrainResult(Trainer.Result training, Path model, String summary) {}
