package org.unetfiji.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.network.NetworkConfig;

/**
 * Test-time augmentation ({@code tta=}): each batch of tiles is predicted mirrored (and rotated), every prediction
 * is mapped back and the class probabilities are averaged, as nnU-Net does. It wraps the network, so it works tile
 * by tile with any tiling, blending and streaming, at the cost of one engine call per transform.
 */
public enum TestTimeAugmentation {

	/** The network alone. */
	NONE,
	/** Mirrored along every combination of axes: 4 predictions in 2D, 8 in 3D (with z). */
	FLIPS,
	/** The 8 flips and rotations by 90° of the plane (the dihedral group D4), in 3D each also mirrored in z. */
	D4;

	/** The key that chooses it, {@code tta}. */
	public static final String KEY = "tta";

	/** One transform of the tiles: mirror the axes flagged ({@code [z,] y, x}), then swap y and x if asked. */
	private record Transform(boolean[] flips, boolean transpose) {}

	/** Reads {@code none}, {@code flips} or {@code d4}. */
	public static TestTimeAugmentation parse(String text) {
		for (TestTimeAugmentation value : values())
			if (value.toString().equals(text.strip().toLowerCase(Locale.ROOT))) return value;
		throw new IllegalArgumentException(KEY + "=" + text + " is not one of none, flips, d4");
	}

	/** Predictions per tile. */
	public int predictions(int dims) {
		return transforms(dims).size();
	}

	/** The network, predicting with this augmentation ({@link #NONE}: the network itself). */
	public Network wrap(Network network) {
		if (this == NONE) return network;
		int[] multiple = network.config().sizeMultiple();
		if (this == D4 && multiple[multiple.length - 1] != multiple[multiple.length - 2])
			throw new IllegalArgumentException(
				KEY + "=d4 rotates tiles, but this network takes y and x in different steps; use " + KEY + "=flips");
		List<Transform> transforms = transforms(network.config().dims());
		return new Network() {

			@Override
			public NetworkConfig config() {
				return network.config();
			}

			@Override
			public FloatTensor predict(FloatTensor input) {
				float[] sum = null;
				long[] shape = null;
				for (Transform transform : transforms) {
					FloatTensor output = backward(network.predict(forward(input, transform)), transform);
					if (sum == null) {
						sum = output.data().clone();
						shape = output.shape();
					}
					else for (int i = 0; i < sum.length; i++)
						sum[i] += output.data()[i];
				}
				float scale = 1f / transforms.size();
				for (int i = 0; i < sum.length; i++)
					sum[i] *= scale;
				return new FloatTensor(sum, shape);
			}

			@Override
			public void close() {
				network.close();
			}
		};
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

	private List<Transform> transforms(int dims) {
		List<Transform> transforms = new ArrayList<>();
		int flipMasks = this == NONE ? 1 : 1 << dims;
		for (int transpose = 0; transpose < (this == D4 ? 2 : 1); transpose++)
			for (int mask = 0; mask < flipMasks; mask++) {
				boolean[] flips = new boolean[dims];
				for (int a = 0; a < dims; a++)
					flips[a] = (mask >> a & 1) != 0;
				transforms.add(new Transform(flips, transpose == 1));
			}
		return transforms;
	}

	/** The batch as the transform sees it: mirrored, then transposed. */
	private static FloatTensor forward(FloatTensor batch, Transform transform) {
		FloatTensor flipped = flip(batch, transform.flips());
		return transform.transpose() ? transpose(flipped) : flipped;
	}

	/** A prediction of the transformed batch mapped back onto the batch: transposed back, then mirrored. */
	private static FloatTensor backward(FloatTensor prediction, Transform transform) {
		return flip(transform.transpose() ? transpose(prediction) : prediction, transform.flips());
	}

	/** Mirrors the spatial axes flagged of a {@code (batch, [z,] y, x, channels)} tensor. */
	static FloatTensor flip(FloatTensor tensor, boolean[] flips) {
		boolean any = false;
		for (boolean f : flips)
			any |= f;
		if (!any) return tensor;
		long[] shape = tensor.shape();
		int dims = shape.length - 2;
		int channels = (int) shape[shape.length - 1];
		int[] size = new int[dims];
		for (int a = 0; a < dims; a++)
			size[a] = (int) shape[a + 1];
		float[] in = tensor.data();
		float[] out = new float[in.length];
		int voxels = in.length / channels;
		int[] position = new int[dims];
		for (int v = 0; v < voxels; v++) {
			int rest = v;
			for (int a = dims - 1; a >= 0; a--) {
				position[a] = rest % size[a];
				rest /= size[a];
			}
			int source = rest;
			for (int a = 0; a < dims; a++)
				source = source * size[a] + (flips[a] ? size[a] - 1 - position[a] : position[a]);
			System.arraycopy(in, source * channels, out, v * channels, channels);
		}
		return new FloatTensor(out, shape.clone());
	}

	/** Swaps y and x of a {@code (batch, [z,] y, x, channels)} tensor. */
	static FloatTensor transpose(FloatTensor tensor) {
		long[] shape = tensor.shape();
		int rank = shape.length;
		int height = (int) shape[rank - 3];
		int width = (int) shape[rank - 2];
		int channels = (int) shape[rank - 1];
		int planes = tensor.data().length / (height * width * channels);
		float[] in = tensor.data();
		float[] out = new float[in.length];
		for (int p = 0; p < planes; p++)
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++)
					System.arraycopy(in, ((p * height + y) * width + x) * channels, out,
						((p * width + x) * height + y) * channels, channels);
		long[] swapped = shape.clone();
		swapped[rank - 3] = width;
		swapped[rank - 2] = height;
		return new FloatTensor(out, swapped);
	}
}
