/**
 * The architecture of a U-Net as configuration arithmetic: depth, filters, (anisotropic) pooling, up-sampling
 * (transposed or resize-convolution), valid input sizes,
 * receptive field and memory per voxel. It uses nothing of the project. The graph itself is built by each engine
 * that can train ({@code engine.tensorflow.UNetGraph}), because its classes must live in the engine's isolated
 * class loader.
 */
package org.unetfiji.network;
