/**
 * Segmentation with a loaded model: {@link org.unetfiji.inference.LoadedModel} (a model package whose network an
 * engine holds), the segmentation of every frame of a stack ({@link org.unetfiji.inference.Segmentation}) and its
 * outputs written plane by plane ({@link org.unetfiji.inference.SegmentationFiles}). Tiling lives in
 * {@code inference.tiling}. It uses the engine, model, image and network packages, never training or evaluation.
 */
package org.unetfiji.inference;
