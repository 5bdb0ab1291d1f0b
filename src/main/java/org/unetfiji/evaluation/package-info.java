/**
 * Evaluation metrics for segmentation results (the metrics use ImgLib2 core only; the file classes read images with
 * {@link org.unetfiji.image.ImageFiles}).
 * <ul>
 * <li>{@link org.unetfiji.evaluation.ConfusionMatrix}: semantic (per-class) metrics of class label images.</li>
 * <li>{@link org.unetfiji.evaluation.OverlapTable}, {@link org.unetfiji.evaluation.Matching},
 * {@link org.unetfiji.evaluation.InstanceMetrics}: object-level metrics of instance label images (StarDist/DSB2018
 * style average precision, splits and merges).</li>
 * <li>{@link org.unetfiji.evaluation.MembraneMetrics}: ISBI 2012 pixel error and foreground-restricted Rand score,
 * using {@link org.unetfiji.image.ops.ConnectedComponents}.</li>
 * <li>{@link org.unetfiji.evaluation.MetricsTable}: per-image and overall rows, CSV and console summary.</li>
 * <li>{@link org.unetfiji.evaluation.FilePairing}, {@link org.unetfiji.evaluation.LabelSource},
 * {@link org.unetfiji.evaluation.LabelFiles}, {@link org.unetfiji.evaluation.Evaluation}: label files and images in
 * memory paired by name, read and evaluated (the evaluate use case of the command line and Fiji).</li>
 * </ul>
 * All images are read in flat iteration order, so truth and prediction must have the same dimensions (their minimum
 * coordinates may differ). 2D and 3D images are supported; metrics that need no connected components take any
 * number of dimensions.
 */
package org.unetfiji.evaluation;
