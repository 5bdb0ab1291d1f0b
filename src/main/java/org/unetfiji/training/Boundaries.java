package org.unetfiji.training;

/**
 * The boundary voxels of a label image: those within a given width of a voxel of another label, looking along each
 * axis. The width is in voxels along x and scaled by the voxel size along the other axes (at least one voxel), so
 * that boundaries of anisotropic stacks have one physical width; labels marked as ignored neither are boundaries
 * nor make any.
 */
final class Boundaries {

	private Boundaries() {}

	/**
	 * @param labels label values in C order ({@code [z,] y, x}, x fastest)
	 * @param size the spatial size, {@code [z,] y, x}
	 * @param voxelSize voxel size per axis, {@code [z,] y, x}
	 * @param width voxels along x on each side of a label edge
	 * @param ignored the label value of unannotated voxels
	 * @param background whether label 0 is background, which borders objects but has no boundary itself (else 0 is
	 *            a label like any other)
	 * @return per voxel whether it is a boundary voxel
	 */
	static boolean[] mark(int[] labels, long[] size, double[] voxelSize, double width, int ignored,
		boolean background)
	{
		int rank = size.length;
		boolean[] boundary = new boolean[labels.length];
		long stride = 1;
		for (int a = rank - 1; a >= 0; a--) {
			int reach = (int) Math.max(1, Math.round(width * voxelSize[rank - 1] / voxelSize[a]));
			long extent = size[a];
			for (int i = 0; i < labels.length; i++) {
				int label = labels[i];
				if (boundary[i] || label == ignored || background && label == 0) continue;
				long position = i / stride % extent;
				for (int d = -reach; d <= reach && !boundary[i]; d++) {
					if (d == 0 || position + d < 0 || position + d >= extent) continue;
					int other = labels[(int) (i + d * stride)];
					boundary[i] = other != label && other != ignored;
				}
			}
			stride *= size[a];
		}
		return boundary;
	}
}
