package org.unetfiji.inference.postprocessing;

import java.util.Map;

import org.unetfiji.image.ops.Connectivity;
import org.unetfiji.image.ops.Partition;

/**
 * {@code boundaries}: partitions a volume into cells from a boundary probability map (membrane stains, dense
 * labels), 2D and 3D, as PlantSeg does: seeds at the maxima of the distance to the nearest voxel whose boundary
 * probability is {@code boundary_threshold} or more (at least {@code seed_distance} pixels apart, and {@code seed_prominence} as for {@link Watershed}; within each z slice when
 * {@code per_slice} is true, for very anisotropic stacks), a seeded watershed on the boundary probability, then
 * agglomeration of neighbours, lowest first, while the mean boundary probability on their common face is below
 * {@code merge_threshold} (average linkage; 0 merges none); instances below {@code min_size} voxels are removed.
 * <p>
 * The boundary probability is class {@code boundary_class}; -1, the default, is the last class: class 1 of a
 * 2-class model (0 cell, 1 boundary), whose every voxel belongs to some cell, or class 2 of a 3-class model
 * (0 background, 1 interior, 2 boundary), whose class-0 voxels (as the class step labels them) are left out.
 * Streams stacks by slabs (see {@link org.unetfiji.image.ops.PartitionLabelling}).
 */
public final class Boundaries implements PostprocessingStep {

	public static final String KEY = "boundaries";
	public static final String BOUNDARY_CLASS = "boundary_class";
	public static final String BOUNDARY_THRESHOLD = "boundary_threshold";
	public static final String PER_SLICE = "per_slice";

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public Map<String, Object> defaults() {
		return Map.of(BOUNDARY_CLASS, -1, BOUNDARY_THRESHOLD, 0.5, Watershed.SEED_DISTANCE, 4,
			Watershed.SEED_PROMINENCE, 0, PER_SLICE, false, Watershed.MERGE_THRESHOLD, 0.5, Components.MIN_SIZE, 0,
			"connectivity", "face");
	}

	@Override
	public Stage create(Parameters parameters) {
		long boundaryClass = parameters.whole(BOUNDARY_CLASS, -1);
		double threshold = PartitionPass.fraction(parameters, BOUNDARY_THRESHOLD);
		double seedDistance = PartitionPass.distance(parameters, Watershed.SEED_DISTANCE);
		double seedProminence = PartitionPass.fraction(parameters, Watershed.SEED_PROMINENCE);
		boolean perSlice = parameters.choice(PER_SLICE, "false", "true").equals("true");
		double mergeThreshold = PartitionPass.fraction(parameters, Watershed.MERGE_THRESHOLD);
		long minSize = parameters.whole(Components.MIN_SIZE, 0);
		Connectivity connectivity = PartitionPass.connectivity(parameters);
		Partition partition = new Partition(Partition.Seeds.DISTANCE, seedDistance, seedProminence, perSlice, false,
			mergeThreshold, connectivity);
		PartitionPass.Inputs inputs = classes -> {
			if (boundaryClass >= classes) throw new IllegalArgumentException("post-processing step '" + KEY +
				"': boundary_class " + boundaryClass + " is not a class of this model (0 to " + (classes - 1) + ")");
			int channel = boundaryClass < 0 ? classes - 1 : (int) boundaryClass;
			boolean background = classes >= 3 && channel != 0;
			return new PartitionPass.Planes(partition, (labels, probabilities, evidence, mask, seedRegion) -> {
				float[] boundary = probabilities[channel];
				for (int i = 0; i < labels.length; i++) {
					evidence[i] = boundary[i];
					boolean inside = !background || labels[i] != 0;
					mask[i] = (byte) (inside ? 1 : 0);
					seedRegion[i] = (byte) (inside && boundary[i] < threshold ? 1 : 0);
				}
			});
		};
		return new PartitionPass.Stage(inputs, minSize, 0);
	}
}
