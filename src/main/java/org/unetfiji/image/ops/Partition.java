package org.unetfiji.image.ops;

/**
 * Instances from boundary evidence on a 2D or 3D volume held in memory: seeds (maxima of the distance transform of
 * a seed region, or its connected cores), a seeded watershed over the evidence (or over the inverted distance), then
 * optionally agglomeration of neighbouring regions by the mean evidence on their faces ({@link RegionMerging}).
 * Parts of the mask that no seed reaches become regions of their own: the watershed splits, it never drops
 * foreground (a minimum size does, later).
 * {@link PartitionLabelling} streams it over stacks by slabs.
 *
 * @param seeds where seeds come from
 * @param seedDistance smallest distance between two distance-transform maxima seeds, in pixels along X
 * @param seedProminence distance seeds' regions merge with a neighbour while the pass between them is less than
 *            this fraction of the lower one's maximum deep ({@link RegionMerging#mergeShallowMaxima}); 0 merges none
 * @param perSlice distance transform and maxima within each z slice (for very anisotropic stacks)
 * @param floodByDistance flood by the inverted distance to the outside of the mask instead of by the evidence
 * @param mergeThreshold merge neighbours while the mean evidence on their faces is below this; 0 merges none
 * @param connectivity neighbours in flooding (and in the seeds' cores)
 */
public record Partition(Seeds seeds, double seedDistance, double seedProminence, boolean perSlice,
	boolean floodByDistance, double mergeThreshold, Connectivity connectivity) {

	/** Where seeds come from. */
	public enum Seeds {
		/** maxima of the distance from the seed region to its outside, at least the seed distance apart */
		DISTANCE,
		/** the connected components of the seed region (e.g. confident interiors) */
		CORES
	}

	/** Stands in for the distances of regions without an outside ({@link Float#MAX_VALUE}). */
	private static final float LARGEST_SQUARED = 1e12f;

	/** Bytes of working memory per voxel of the volume, inputs included (see {@link #label}). */
	public static final int BYTES_PER_VOXEL = 30;

	/**
	 * Labels one volume.
	 *
	 * @param evidence boundary evidence per voxel, 0..1 (e.g. a boundary probability, or 1 minus a foreground one)
	 * @param mask where instances may be (non-zero)
	 * @param seedRegion where seeds may be (non-zero), inside {@code mask}
	 * @param dims {width, height, depth}
	 * @param voxelSize {x, y, z}, for the distances
	 * @return regions numbered from 1 (not consecutive after merging), 0 outside them, and how many numbers were
	 *         used
	 */
	public Result label(float[] evidence, byte[] mask, byte[] seedRegion, int[] dims, double[] voxelSize) {
		int[] labels;
		float[] squared = null;
		if (seeds == Seeds.DISTANCE || floodByDistance)
			squared = SeededWatershed.squaredDistances(floodByDistance ? mask : seedRegion, dims, voxelSize, perSlice);
		float[] seedDistances = null;
		if (seeds == Seeds.DISTANCE) {
			seedDistances = floodByDistance ? SeededWatershed.squaredDistances(seedRegion, dims, voxelSize, perSlice)
				: squared;
			labels = SeededWatershed.distanceMaxima(seedDistances, dims, voxelSize, seedDistance, perSlice);
		}
		else {
			labels = new int[seedRegion.length];
			for (int i = 0; i < labels.length; i++)
				labels[i] = seedRegion[i];
			ConnectedComponents.labelInPlace(labels, dims[0], dims[1], dims[2], connectivity);
		}
		int regions = 0;
		for (int label : labels)
			regions = Math.max(regions, label);
		float[] landscape = floodByDistance ? invertedDistances(squared) : evidence;
		SeededWatershed.flood(landscape, mask, labels, dims, connectivity);
		regions += labelUnreached(labels, mask, dims, regions);
		if (seedDistances != null && seedProminence > 0 && regions > 1) {
			for (int i = 0; i < seedDistances.length; i++)
				seedDistances[i] = (float) Math.sqrt(Math.min(seedDistances[i], LARGEST_SQUARED));
			RegionMerging.mergeShallowMaxima(labels, regions, seedDistances, dims, seedProminence);
		}
		if (mergeThreshold > 0 && regions > 1)
			RegionMerging.agglomerate(labels, regions, evidence, dims, mergeThreshold);
		return new Result(labels, regions);
	}

	/** Regions numbered 1..{@code numbers} (some numbers unused after merging), 0 outside. */
	public record Result(int[] labels, int numbers) {}

	/**
	 * Gives the parts of the mask that no seed reached (e.g. a speck beside a larger object, whose maximum is not a
	 * seed) their own regions, numbered after {@code regions}, so that no foreground is lost.
	 *
	 * @return how many were added
	 */
	private int labelUnreached(int[] labels, byte[] mask, int[] dims, int regions) {
		int[] unreached = null;
		for (int i = 0; i < labels.length; i++)
			if (labels[i] == 0 && mask[i] != 0) {
				if (unreached == null) unreached = new int[labels.length];
				unreached[i] = 1;
			}
		if (unreached == null) return 0;
		int added = ConnectedComponents.labelInPlace(unreached, dims[0], dims[1], dims[2], connectivity);
		for (int i = 0; i < labels.length; i++)
			if (unreached[i] > 0) labels[i] = regions + unreached[i];
		return added;
	}

	/** 1 − d / max d, so that flooding starts far from the outside; in place. */
	private static float[] invertedDistances(float[] squared) {
		float largest = 0;
		for (float d : squared)
			if (d < Float.MAX_VALUE) largest = Math.max(largest, d);
		float scale = largest > 0 ? (float) (1 / Math.sqrt(largest)) : 0;
		for (int i = 0; i < squared.length; i++)
			squared[i] = squared[i] >= Float.MAX_VALUE ? 0 : 1 - (float) Math.sqrt(squared[i]) * scale;
		return squared;
	}
}
