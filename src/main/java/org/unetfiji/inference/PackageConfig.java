package org.unetfiji.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.unetfiji.model.Axis;
import org.unetfiji.model.AxisSize;
import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.network.NetworkConfig;

/**
 * The network configuration of a model package: its own ({@code config.unet}) or, for a model from elsewhere, one
 * with the same tensor contract derived from the input's axes. A derived configuration gets its dimensions,
 * channels and classes from the axes and pooling levels whose size multiple equals each space axis's size step;
 * its filters (1) are unknown, so its parameter count and memory estimate do not describe the real network.
 */
final class PackageConfig {

	private PackageConfig() {}

	/** @throws IllegalArgumentException when the package's tensors cannot be run by this plugin */
	static NetworkConfig of(ModelDescriptor d) {
		if (d.hasNetworkConfig()) return NetworkConfig.fromMap(d.network());
		List<Axis> axes = d.input().axes();
		List<Axis> space = axes.stream().filter(a -> a.type() == Axis.Type.SPACE).toList();
		List<String> ids = space.stream().map(Axis::id).toList();
		if (axes.size() != space.size() + 2 || axes.get(0).type() != Axis.Type.BATCH ||
			axes.get(axes.size() - 1).type() != Axis.Type.CHANNEL ||
			!List.of("y", "x").equals(ids) && !List.of("z", "y", "x").equals(ids))
			throw new IllegalArgumentException("input axes " + axes.stream().map(Axis::id).toList() + " are not " +
				"supported yet: this plugin runs (batch, [z,] y, x, channel) tensors");
		int[][] factors = new int[space.size()][];
		for (int a = 0; a < factors.length; a++)
			factors[a] = poolingFactors(space.get(a));
		int depth = Arrays.stream(factors).mapToInt(f -> f.length).max().orElse(0);
		int[][] pooling = new int[depth][space.size()];
		for (int level = 0; level < depth; level++)
			for (int a = 0; a < factors.length; a++)
				pooling[level][a] = level < factors[a].length ? factors[a][level] : 1;
		int channels = axes.get(axes.size() - 1).channelNames().size();
		return new NetworkConfig(space.size(), channels, d.classNames().size(), 1, false, pooling);
	}

	/** Factors 2 and 3 whose product is the axis's size step. */
	private static int[] poolingFactors(Axis axis) {
		if (!(axis.size() instanceof AxisSize.Parameterized size) || size.step() < 1 || size.min() % size.step() != 0)
			throw new IllegalArgumentException("input axis '" + axis.id() + "' has size " + axis.size() + "; this " +
				"plugin runs models whose sizes are multiples of a step (min a multiple of step)");
		List<Integer> factors = new ArrayList<>();
		long rest = size.step();
		for (int f : new int[]{ 2, 3 })
			for (; rest % f == 0; rest /= f)
				factors.add(f);
		if (rest != 1) throw new IllegalArgumentException(
			"input axis '" + axis.id() + "' has size step " + size.step() + ", which is not a product of 2s and 3s");
		return factors.stream().mapToInt(Integer::intValue).toArray();
	}
}
