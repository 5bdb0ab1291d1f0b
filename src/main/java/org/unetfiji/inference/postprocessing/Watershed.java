package org.unetfiji.inference.postprocessing;

import java.util.Map;

import org.unetfiji.image.ops.Connectivity;
import org.unetfiji.image.ops.Partition;

/**
 * {@code watershed}: separates touching objects of a foreground model by a seeded watershed, 2D and 3D. Class 1 is
 * the foreground of a 2-class model (background, foreground) or the interior of a 3-class model (0 background,
 * 1 interior, 2 boundary, as {@code target=boundary} trains); every class but 0 is foreground, as the class step
 * labels it. Seeds ({@code seeds}): {@code distance}, the maxima of the distance to the background at least
 * {@code seed_distance} pixels apart, a region whose maximum rises less than {@code seed_prominence} × its height
 * above the pass to a neighbour joining it (relative h-maxima; default 0.2, 0 joins none); {@code cores}, the connected regions where class 1 is more probable than
 * {@code seed_threshold}; {@code auto} (the default), cores for 3 or more classes, else distance. The seeds flood
 * the foreground by the inverted class-1 probability ({@code flood: probability}) or by the inverted distance to
 * the background ({@code flood: distance}); neighbours whose common face has a mean class-1 probability above
 * {@code 1 - merge_threshold} are merged (0, the default, merges none); instances below {@code min_size} voxels are
 * removed. Streams stacks by slabs (see {@link org.unetfiji.image.ops.PartitionLabelling}).
 */
public final class Watershed implements PostprocessingStep {

	public static final String KEY = "watershed";
	public static final String SEEDS = "seeds";
	public static final String SEED_DISTANCE = "seed_distance";
	public static final String SEED_THRESHOLD = "seed_threshold";
	public static final String SEED_PROMINENCE = "seed_prominence";
	public static final String FLOOD = "flood";
	public static final String MERGE_THRESHOLD = "merge_threshold";

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public Map<String, Object> defaults() {
		return Map.of(SEEDS, "auto", SEED_DISTANCE, 4, SEED_PROMINENCE, 0.2, SEED_THRESHOLD, 0.7, FLOOD, "probability",
			MERGE_THRESHOLD, 0, Components.MIN_SIZE, 0, "connectivity", "face");
	}

	@Override
	public Stage create(Parameters parameters) {
		String seeds = parameters.choice(SEEDS, "auto", "distance", "cores");
		double seedDistance = PartitionPass.distance(parameters, SEED_DISTANCE);
		double seedProminence = PartitionPass.fraction(parameters, SEED_PROMINENCE);
		double seedThreshold = PartitionPass.fraction(parameters, SEED_THRESHOLD);
		boolean floodByDistance = parameters.choice(FLOOD, "probability", "distance").equals("distance");
		double mergeThreshold = PartitionPass.fraction(parameters, MERGE_THRESHOLD);
		long minSize = parameters.whole(Components.MIN_SIZE, 0);
		Connectivity connectivity = PartitionPass.connectivity(parameters);
		PartitionPass.Inputs inputs = classes -> {
			boolean cores = seeds.equals("cores") || seeds.equals("auto") && classes >= 3;
			Partition partition = new Partition(cores ? Partition.Seeds.CORES : Partition.Seeds.DISTANCE, seedDistance,
				seedProminence, false, floodByDistance, mergeThreshold, connectivity);
			return new PartitionPass.Planes(partition, (labels, probabilities, evidence, mask, seedRegion) -> {
				float[] inside = probabilities[1];
				for (int i = 0; i < labels.length; i++) {
					evidence[i] = 1 - inside[i];
					mask[i] = (byte) (labels[i] != 0 ? 1 : 0);
					seedRegion[i] = (byte) (labels[i] != 0 && (!cores || inside[i] > seedThreshold) ? 1 : 0);
				}
			});
		};
		return new PartitionPass.Stage(inputs, minSize, 0);
	}
}
