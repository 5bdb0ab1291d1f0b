/**
 * Tiled prediction of frames of any size: the tile plan (size, overlap, batch within a memory budget), the input
 * planes a tile needs read lazily, and Gaussian blending of overlapping tiles, handing out finished planes in z
 * order so that neither input nor output is held whole.
 */
package org.unetfiji.inference.tiling;
