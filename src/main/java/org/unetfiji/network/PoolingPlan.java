package org.unetfiji.network;

import java.util.Arrays;

/**
 * Pooling factors for anisotropic voxels (as in nnU-Net): at each level an axis is pooled by 2 only while its
 * current spacing is at most twice the finest current spacing, so a coarse z axis is left alone until the
 * in-plane axes have caught up.
 */
public final class PoolingPlan {

	private PoolingPlan() {}

	/**
	 * @param voxelSize voxel size per spatial axis ({@code [z,] y, x}, any unit)
	 * @param depth number of pooling levels
	 * @return factors per level and axis, for {@link NetworkConfig}
	 */
	public static int[][] forVoxelSize(double[] voxelSize, int depth) {
		for (double v : voxelSize)
			if (!(v > 0) || Double.isInfinite(v))
				throw new IllegalArgumentException("voxel sizes must be positive: " + Arrays.toString(voxelSize));
		double[] spacing = voxelSize.clone();
		int[][] pooling = new int[depth][spacing.length];
		for (int level = 0; level < depth; level++) {
			double finest = Arrays.stream(spacing).min().orElseThrow();
			for (int a = 0; a < spacing.length; a++) {
				pooling[level][a] = spacing[a] <= 2 * finest + 1e-9 * finest ? 2 : 1;
				spacing[a] *= pooling[level][a];
			}
		}
		return pooling;
	}
}
