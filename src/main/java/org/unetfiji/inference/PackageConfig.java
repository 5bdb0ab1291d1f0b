package org.unetfiji.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.unetfiji.model.Axis;
import org.unetfiji.model.AxisSize;
import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.network.NetworkConfig;

/**
 * The network configuration of a model package: its own ({@code config.unet}) or, for a model from elsewhere, one
 * with the same tensor contract derived from the input's axes (in z, y, x order, whatever the model's order). A
 * derived configuration gets its dimensions, channels and classes from the axes and pooling levels whose size multiple
 * equals each space axis's size step (or fixed size);
 * its filters (1) are unknown, so its parameter count and memory estimate do not describe the real network.
 */
final class PackageConfig {

	/** Pooling levels assumed for a fixed-size axis (their receptive field gives tiles an overlap of about 50 px). */
	private static final int FIXED_SIZE_LEVELS = 4;

	private PackageConfig() {}

	/** @throws IllegalArgumentException when the package's tensors cannot be run by this plugin */
	static NetworkConfig of(ModelDescriptor d) {
		if (d.hasNetworkConfig()) return NetworkConfig.fromMap(d.network());
		List<Axis> axes = d.input().axes();
		List<Axis> space = axes.stream().filter(a -> a.type() == Axis.Type.SPACE).toList();
		List<String> ids = space.stream().map(Axis::id).sorted(Comparator.comparing(Axis.SPACE_IDS::indexOf)).toList();
		if (!List.of("y", "x").equals(ids) && !List.of("z", "y", "x").equals(ids))
			throw new IllegalArgumentException("input axes " + axes.stream().map(Axis::id).toList() + " are not " +
				"supported: this plugin runs images with space axes y, x or z, y, x (in any order)");
		space = ids.stream().map(id -> space(axes, id)).toList();
		int[][] factors = new int[space.size()][];
		for (int a = 0; a < factors.length; a++)
			factors[a] = poolingFactors(space.get(a));
		int depth = Arrays.stream(factors).mapToInt(f -> f.length).max().orElse(0);
		int[][] pooling = new int[depth][space.size()];
		for (int level = 0; level < depth; level++)
			for (int a = 0; a < factors.length; a++)
				pooling[level][a] = level < factors[a].length ? factors[a][level] : 1;
		int channels = d.input().channelAxis().map(a -> a.channelNames().size()).orElse(1);
		// independent probabilities (one foreground probability, sigmoid channels) get a background class in front
		int classes = BioimageNetwork.classNames(d).size();
		return new NetworkConfig(space.size(), channels, classes, 1, false, pooling);
	}

	private static Axis space(List<Axis> axes, String id) {
		return axes.stream().filter(a -> a.type() == Axis.Type.SPACE && a.id().equals(id)).findFirst().orElseThrow();
	}

	/** Factors 2 and 3 whose product is the axis's size step. */
	private static int[] poolingFactors(Axis axis) {
		long step;
		if (axis.size() instanceof AxisSize.Fixed fixed) step = fixed.size();
		else if (axis.size() instanceof AxisSize.Parameterized size && size.step() >= 1 &&
			size.min() % size.step() == 0) step = size.step();
		else throw new IllegalArgumentException("input axis '" + axis.id() + "' has size " + axis.size() + "; this " +
			"plugin runs models whose sizes are fixed or multiples of a step (min a multiple of step)");
		List<Integer> factors = new ArrayList<>();
		long rest = step;
		for (int f : new int[]{ 2, 3 })
			for (; rest % f == 0; rest /= f)
				factors.add(f);
		if (rest != 1) throw new IllegalArgumentException(
			"input axis '" + axis.id() + "' has size step " + step + ", which is not a product of 2s and 3s");
		// a fixed size is met by tiling inside the engine boundary; a few levels give the tiles a sensible overlap
		int levels = axis.size() instanceof AxisSize.Fixed ? Math.min(factors.size(), FIXED_SIZE_LEVELS)
			: factors.size();
		return factors.stream().limit(levels).mapToInt(Integer::intValue).toArray();
	}
}
