/**
 * The loss weight map of Ronneberger et al. 2015 / Falk et al. 2019 (border weights that separate touching objects,
 * class balance); the distance transform it needs is {@code image.ops.DistanceTransform}.
 */
package org.unetfiji.training.weights;
