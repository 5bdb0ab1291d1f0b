package org.unetfiji.api;

import java.util.List;

import org.unetfiji.image.Hyperstack;

import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A segmentation held in memory, each image with the input's calibration and name, axes {@code X, Y, C, Z, T}.
 *
 * @param probabilities one channel per class
 * @param labels the most probable class per voxel (0 = the first class, the background)
 * @param instances connected components of the foreground, numbered 1, 2, ... per frame (0 = background)
 * @param classNames the model's classes, in channel order
 */
public record SegmentResult(Hyperstack<FloatType> probabilities, Hyperstack<IntType> labels,
	Hyperstack<IntType> instances, List<String> classNames) {}
