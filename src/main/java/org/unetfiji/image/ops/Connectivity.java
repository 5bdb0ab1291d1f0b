package org.unetfiji.image.ops;

/** Pixel neighbourhood for {@link ConnectedComponents} and {@link ComponentLabelling}. */
public enum Connectivity {
	/** Neighbours share a face: 4-connectivity in 2D, 6-connectivity in 3D. */
	FACE,
	/** Neighbours share a face, edge or corner: 8-connectivity in 2D, 26-connectivity in 3D. */
	FULL
}
