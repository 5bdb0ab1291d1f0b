package org.unetfiji.image.ops;

/**
 * The find of union-find over a parent array ({@code parent[i] == i} for a root), shared by the labellings and
 * matchings that keep their own arrays beside it (sizes, first voxels, edges).
 */
public final class UnionFind {

	private UnionFind() {}

	/** The root of {@code id}, halving the path on the way so later finds are short. */
	public static int root(int[] parent, int id) {
		while (parent[id] != id) {
			parent[id] = parent[parent[id]];
			id = parent[id];
		}
		return id;
	}
}
