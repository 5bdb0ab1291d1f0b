/**
 * The loss weight map of Ronneberger et al. 2015 / Falk et al. 2019 (border weights that separate touching objects,
 * class balance) and the exact linear-time anisotropic Euclidean distance transform it needs.
 */
package org.unetfiji.training.weights;
