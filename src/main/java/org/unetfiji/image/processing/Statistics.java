package org.unetfiji.image.processing;

import java.util.Arrays;

/** Statistics of each group of a tensor's values, as numpy computes them (population standard deviation). */
final class Statistics {

	private Statistics() {}

	static double[] mean(float[][] groups) {
		double[] mean = new double[groups.length];
		for (int g = 0; g < groups.length; g++) {
			double sum = 0;
			for (float v : groups[g])
				sum += v;
			mean[g] = sum / groups[g].length;
		}
		return mean;
	}

	static double[] std(float[][] groups, double[] mean) {
		double[] std = new double[groups.length];
		for (int g = 0; g < groups.length; g++) {
			double sum = 0;
			for (float v : groups[g])
				sum += (v - mean[g]) * (v - mean[g]);
			std[g] = Math.sqrt(sum / groups[g].length);
		}
		return std;
	}

	/** The {@code p}-th percentile (0 to 100) of each group, interpolating linearly as numpy's default. */
	static double[] percentile(float[][] groups, double p) {
		double[] result = new double[groups.length];
		for (int g = 0; g < groups.length; g++) {
			float[] sorted = groups[g].clone();
			Arrays.sort(sorted);
			double position = p / 100 * (sorted.length - 1);
			int below = (int) Math.floor(position);
			int above = Math.min(below + 1, sorted.length - 1);
			result[g] = sorted[below] + (position - below) * (sorted[above] - sorted[below]);
		}
		return result;
	}
}
