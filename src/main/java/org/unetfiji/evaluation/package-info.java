/**
 * The evaluate use case: label files and images in memory paired by name ({@link org.unetfiji.evaluation.FilePairing},
 * {@link org.unetfiji.evaluation.LabelSource}), read ({@link org.unetfiji.evaluation.LabelFiles}) and measured with
 * the metrics of {@code org.unetfiji.metrics} into one table ({@link org.unetfiji.evaluation.Evaluation}). All images
 * are read in flat iteration order, so truth and prediction must have the same dimensions (their minimum coordinates
 * may differ). It uses the metrics, image and image.ops packages, never training or inference.
 */
package org.unetfiji.evaluation;
