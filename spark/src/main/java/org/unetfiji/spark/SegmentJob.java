package org.unetfiji.spark;

import java.io.Serializable;
import java.util.Map;

import org.unetfiji.image.ops.Connectivity;
import org.unetfiji.image.ops.PercentileNormalizer;
import org.unetfiji.inference.tiling.TilePlan;

/**
 * What every executor needs to segment its blocks, planned once on the driver so that all blocks see the one tile
 * plan and normalisation of the whole frame.
 *
 * @param model the model folder or .zip, absolute, readable by every executor
 * @param options the {@code key=value} segment options ({@code SegmentRequest.of}), e.g. {@code tta}
 * @param input the image (OME-Zarr or TIFF), absolute, readable by every executor
 * @param level the resolution level of an OME-Zarr input
 * @param ranges per frame and input channel, the intensity range the network sees as {@code [0, 1]}
 * @param container the output container's working folder (hidden until the driver commits it)
 * @param scratch where the block-local instance numbers are kept between the passes
 * @param connectivity how voxels of an instance touch
 */
record SegmentJob(String model, Map<String, String> options, String input, int level, TilePlan plan,
	PercentileNormalizer.Range[][] ranges, Block.Grid grid, String container, String scratch,
	Connectivity connectivity) implements Serializable {

	/** The class probabilities: the container's image. */
	static final String PROBABILITIES = "0";
	/** Class labels and instances at full resolution. */
	static final String LABELS = "labels/labels";
	static final String INSTANCES = "labels/instances";
}
