/**
 * The standard bioimage.io pre- and post-processing steps (format 0.5: {@code binarize}, {@code clip},
 * {@code ensure_dtype}, {@code scale_linear}, {@code scale_mean_variance}, {@code scale_range}, {@code sigmoid},
 * {@code zero_mean_unit_variance}, {@code fixed_zero_mean_unit_variance}) in plain Java, on tensors in the model's
 * own axis order. Steps that take statistics of the sample are first {@linkplain
 * org.unetfiji.image.processing.ProcessingStep#resolve resolved} on the whole image, which fixes them, so that
 * every tile of that image is then processed alike.
 */
package org.unetfiji.image.processing;
