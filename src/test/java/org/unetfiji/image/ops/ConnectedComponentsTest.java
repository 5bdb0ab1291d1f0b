package org.unetfiji.image.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;

class ConnectedComponentsTest {

	/** 2D image from rows: {@code rows[y][x]}. */
	private static Img<IntType> image(int[][] rows) {
		return image(new int[][][]{ rows });
	}

	/** 3D image (2D for one slice) from slices: {@code slices[z][y][x]}. */
	private static Img<IntType> image(int[][][] slices) {
		int d = slices.length, h = slices[0].length, w = slices[0][0].length;
		int[] data = new int[w * h * d];
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				System.arraycopy(slices[z][y], 0, data, (z * h + y) * w, w);
		return d == 1 ? ArrayImgs.ints(data, w, h) : ArrayImgs.ints(data, w, h, d);
	}

	private static int[] values(Img<IntType> img) {
		int[] v = new int[(int) img.size()];
		int i = 0;
		for (IntType t : img)
			v[i++] = t.get();
		return v;
	}

	@Test
	void diagonalPixels2D() {
		int[][] diagonal = { { 1, 0, 0 }, { 0, 1, 0 }, { 1, 0, 1 } };
		// 4-connectivity: every pixel alone, numbered in raster order
		assertArrayEquals(new int[]{ 1, 0, 0, 0, 2, 0, 3, 0, 4 },
			values(ConnectedComponents.label(image(diagonal), Connectivity.FACE)));
		// 8-connectivity: one component
		assertArrayEquals(new int[]{ 1, 0, 0, 0, 1, 0, 1, 0, 1 },
			values(ConnectedComponents.label(image(diagonal), Connectivity.FULL)));
	}

	@Test
	void uShapeMergesLate() {
		// the two arms are joined only in the last row: both must end up in component 1
		int[][] u = { { 1, 0, 1 }, { 1, 0, 1 }, { 1, 1, 1 } };
		assertArrayEquals(new int[]{ 1, 0, 1, 1, 0, 1, 1, 1, 1 },
			values(ConnectedComponents.label(image(u), Connectivity.FACE)));
	}

	@Test
	void touchingLabelsStaySeparate() {
		// different non-zero values never join; a disconnected label is split
		int[][] labels = { { 5, 5, 7 }, { 0, 0, 7 }, { 5, 0, 0 } };
		assertArrayEquals(new int[]{ 1, 1, 2, 0, 0, 2, 3, 0, 0 },
			values(ConnectedComponents.label(image(labels), Connectivity.FULL)));
	}

	@Test
	void cornerTouchingVoxels3D() {
		// voxels (0,0,0) and (1,1,1) share only a corner: 2 components with 6-, 1 with 26-connectivity
		Img<IntType> img = image(new int[][][]{ { { 1, 0 }, { 0, 0 } }, { { 0, 0 }, { 0, 1 } } });
		assertArrayEquals(new int[]{ 1, 0, 0, 0, 0, 0, 0, 2 },
			values(ConnectedComponents.label(img, Connectivity.FACE)));
		assertArrayEquals(new int[]{ 1, 0, 0, 0, 0, 0, 0, 1 },
			values(ConnectedComponents.label(img, Connectivity.FULL)));
		// face neighbours along z: (0,0,0) and (0,0,1)
		Img<IntType> column = image(new int[][][]{ { { 1, 0 } }, { { 1, 0 } } });
		assertArrayEquals(new int[]{ 1, 0, 1, 0 }, values(ConnectedComponents.label(column, Connectivity.FACE)));
	}
}
