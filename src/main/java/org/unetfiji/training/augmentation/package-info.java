/**
 * Augmentation of training tiles in plain Java: flips, rotations, smooth (B-spline) elastic deformation and
 * intensity curves, applied to image, target and weights together.
 */
package org.unetfiji.training.augmentation;
