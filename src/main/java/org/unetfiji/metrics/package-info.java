/**
 * Segmentation metrics on ImgLib2 label images, shared by the evaluate use case and training's validation:
 * <ul>
 * <li>{@link org.unetfiji.metrics.ConfusionMatrix}: semantic (per-class) metrics of class label images.</li>
 * <li>{@link org.unetfiji.metrics.OverlapTable}, {@link org.unetfiji.metrics.Matching} (Hungarian),
 * {@link org.unetfiji.metrics.InstanceMetrics}, {@link org.unetfiji.metrics.DetectionScores}: object-level metrics of
 * instance label images (StarDist/DSB 2018 style average precision at IoU 0.5–0.95, splits and merges).</li>
 * <li>{@link org.unetfiji.metrics.MembraneMetrics}: ISBI 2012 pixel error and foreground-restricted Rand score.</li>
 * <li>{@link org.unetfiji.metrics.PartitionMetrics}: dense segmentations, adapted Rand error (CREMI, PlantSeg) and
 * variation of information with split and merge parts.</li>
 * <li>{@link org.unetfiji.metrics.MetricsTable}: per-image and overall rows, CSV and console summary.</li>
 * </ul>
 * 2D and 3D images are supported; metrics that need no connected components take any number of dimensions. It uses
 * ImgLib2 and {@code image.ops} only.
 */
package org.unetfiji.metrics;
