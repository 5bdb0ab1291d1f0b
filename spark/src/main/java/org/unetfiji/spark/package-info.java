/**
 * Segmentation spread over a Spark cluster ({@code ./unet segment ... spark=local[N]|spark://HOST:PORT}, or
 * {@code spark-submit --class org.unetfiji.spark.SparkSegment}): the frame is cut into blocks aligned to the output
 * chunks, each block is predicted on an executor from the tiles of the whole frame's plan that reach into it (its
 * halo), so its probabilities are those of the single-machine run, and its chunks are written straight into the
 * OME-Zarr container; instances are made global by a union-find over the labels touching across block faces and a
 * relabel pass. {@link org.unetfiji.spark.SparkSegmentation} is the driver, {@link org.unetfiji.spark.BlockWork} what
 * the executors run.
 */
package org.unetfiji.spark;
