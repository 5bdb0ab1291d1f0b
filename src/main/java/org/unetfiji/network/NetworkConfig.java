package org.unetfiji.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Architecture of a U-Net (2D) or 3D U-Net: depth, filters, classes, pooling per level.
 * <p>
 * Spatial axes are always ordered as in the tensors, slowest first: {@code (y, x)} in 2D and {@code (z, y, x)} in
 * 3D; tensors are channels-last (NHWC / NDHWC). Each level has two 3×3(×3) "same" convolutions with ReLU
 * (optionally batch-normalised); levels are joined by max pooling and by learned up-sampling ({@link Upsampling}:
 * transposed convolutions whose kernel and stride equal the level's pooling factors, or nearest resizing by those
 * factors and a 3×3(×3) convolution), so pooling may be anisotropic (e.g. {@code [1, 2, 2]} for no pooling along
 * z). A 1×1(×1) convolution and softmax give one probability per class.
 */
public final class NetworkConfig {

	private final int dims;
	private final int inputChannels;
	private final int classes;
	private final int baseFilters;
	private final boolean batchNorm;
	private final int[][] pooling;
	private final Upsampling upsampling;

	/** A network with transposed-convolution up-sampling (see the full constructor). */
	public NetworkConfig(int dims, int inputChannels, int classes, int baseFilters, boolean batchNorm,
		int[][] pooling)
	{
		this(dims, inputChannels, classes, baseFilters, batchNorm, pooling, Upsampling.TRANSPOSED);
	}

	/**
	 * @param dims number of spatial dimensions, 2 or 3
	 * @param inputChannels channels of the input image (at least 1)
	 * @param classes output classes (at least 2)
	 * @param baseFilters filters of the first level, doubled at each level below
	 * @param batchNorm whether each convolution is batch-normalised before its ReLU
	 * @param pooling pooling factors per level (its length is the depth), each with one factor per spatial axis
	 * @param upsampling how the decoder up-samples
	 */
	public NetworkConfig(int dims, int inputChannels, int classes, int baseFilters, boolean batchNorm, int[][] pooling,
		Upsampling upsampling)
	{
		if (dims != 2 && dims != 3) throw new IllegalArgumentException("dims must be 2 or 3, not " + dims);
		if (inputChannels < 1)
			throw new IllegalArgumentException("input channels must be at least 1, not " + inputChannels);
		if (classes < 2) throw new IllegalArgumentException("classes must be at least 2, not " + classes);
		if (baseFilters < 1) throw new IllegalArgumentException("base filters must be at least 1, not " + baseFilters);
		if (pooling.length > 8) throw new IllegalArgumentException("depth must be at most 8, not " + pooling.length);
		for (int[] level : pooling) {
			if (level.length != dims) throw new IllegalArgumentException(
				"each pooling level needs " + dims + " factors, got " + Arrays.toString(level));
			for (int f : level)
				if (f < 1 || f > 4)
					throw new IllegalArgumentException("pooling factors must be 1..4, got " + Arrays.toString(level));
		}
		this.dims = dims;
		this.inputChannels = inputChannels;
		this.classes = classes;
		this.baseFilters = baseFilters;
		this.batchNorm = batchNorm;
		this.pooling = deepCopy(pooling);
		this.upsampling = Objects.requireNonNull(upsampling, "upsampling");
	}

	/** A network pooling by 2 along every axis at each of {@code depth} levels. */
	public static NetworkConfig isotropic(int dims, int inputChannels, int classes, int depth, int baseFilters,
		boolean batchNorm)
	{
		if (depth < 0) throw new IllegalArgumentException("depth must not be negative, not " + depth);
		int[][] pooling = new int[depth][dims];
		for (int[] level : pooling)
			Arrays.fill(level, 2);
		return new NetworkConfig(dims, inputChannels, classes, baseFilters, batchNorm, pooling);
	}

	public int dims() {
		return dims;
	}

	public int inputChannels() {
		return inputChannels;
	}

	public int classes() {
		return classes;
	}

	public int baseFilters() {
		return baseFilters;
	}

	public boolean batchNorm() {
		return batchNorm;
	}

	public Upsampling upsampling() {
		return upsampling;
	}

	/** The same network with another up-sampling. */
	public NetworkConfig withUpsampling(Upsampling other) {
		return new NetworkConfig(dims, inputChannels, classes, baseFilters, batchNorm, pooling, other);
	}

	/** Number of pooling levels. */
	public int depth() {
		return pooling.length;
	}

	/** Pooling factors of one level, one per spatial axis. */
	public int[] pooling(int level) {
		return pooling[level].clone();
	}

	/** Filters of the convolutions at a level (0 = full resolution, {@link #depth()} = bottom). */
	public int filters(int level) {
		return baseFilters << level;
	}

	/** Per spatial axis, the number every input size must be a multiple of: the product of the pooling factors. */
	public int[] sizeMultiple() {
		int[] multiple = new int[dims];
		Arrays.fill(multiple, 1);
		for (int[] level : pooling)
			for (int a = 0; a < dims; a++)
				multiple[a] *= level[a];
		return multiple;
	}

	/**
	 * Checks a spatial input size (ordered like the tensor axes) and throws a message naming the nearest valid size
	 * when the network cannot take it.
	 */
	public void checkInputSize(long[] spatialSize) {
		if (spatialSize.length != dims) throw new IllegalArgumentException(
			"a " + dims + "D network needs " + dims + " spatial sizes, got " + Arrays.toString(spatialSize));
		int[] multiple = sizeMultiple();
		long[] nearest = new long[dims];
		boolean valid = true;
		for (int a = 0; a < dims; a++) {
			long m = multiple[a];
			nearest[a] = Math.max(m, Math.round((double) spatialSize[a] / m) * m);
			valid &= spatialSize[a] > 0 && spatialSize[a] % m == 0;
		}
		if (!valid) throw new IllegalArgumentException("input size " + Arrays.toString(spatialSize) +
			" is not valid for this network: each axis must be a positive multiple of " + Arrays.toString(multiple) +
			"; nearest valid size: " + Arrays.toString(nearest));
	}

	/**
	 * Checks the shape of an image batch for this network, {@code (batch, [z,] y, x, channels)}, including its
	 * spatial size (see {@link #checkInputSize}).
	 *
	 * @param channels the channels it must have (input channels for an input, classes for a target)
	 * @param what the tensor's role, for the message
	 */
	public void checkImageShape(long[] shape, int channels, String what) {
		if (shape.length != dims + 2)
			throw new IllegalArgumentException("a " + dims + "D network needs a " + what + " of rank " + (dims + 2) +
				" (batch, " + (dims == 3 ? "z, " : "") + "y, x, channels), got shape " + Arrays.toString(shape));
		if (shape[dims + 1] != channels) throw new IllegalArgumentException(
			"the network needs " + channels + " channel(s) in its " + what + ", got " + shape[dims + 1]);
		checkInputSize(Arrays.copyOfRange(shape, 1, dims + 1));
	}

	/**
	 * Receptive field per spatial axis, in input pixels: the extent of input that can influence one output pixel
	 * (the usual upper bound, counting the full pooling windows).
	 */
	public int[] receptiveField() {
		int[] field = new int[dims];
		for (int a = 0; a < dims; a++) {
			int rf = 1;
			int jump = 1;
			for (int[] level : pooling) {
				rf += 2 * 2 * jump; // two 3-wide convolutions
				rf += (level[a] - 1) * jump; // pooling window
				jump *= level[a];
			}
			rf += 2 * 2 * jump; // bottom convolutions
			for (int l = depth() - 1; l >= 0; l--) {
				jump /= pooling[l][a]; // transposed convolution: kernel = stride, adds nothing
				if (upsampling == Upsampling.RESIZE) rf += 2 * jump; // the 3-wide convolution after resizing
				rf += 2 * 2 * jump;
			}
			field[a] = rf;
		}
		return field;
	}

	/**
	 * Activation memory of a forward pass, per layer, in floats per input voxel (batch 1). Tile planning multiplies
	 * it by the tile's voxel count to choose the largest tile that fits a memory budget.
	 */
	public MemoryEstimate memoryEstimate() {
		List<MemoryEstimate.Layer> layers = new ArrayList<>();
		layers.add(new MemoryEstimate.Layer("input", inputChannels));
		double scale = 1; // voxels at this level per input voxel
		for (int l = 0; l <= depth(); l++) {
			int f = filters(l);
			String name = l == depth() ? "bottom" : "encoder " + l;
			layers.add(new MemoryEstimate.Layer(name + " conv 1", f * scale));
			layers.add(new MemoryEstimate.Layer(name + " conv 2", f * scale));
			if (l < depth()) {
				double next = scale;
				for (int factor : pooling[l])
					next /= factor;
				layers.add(new MemoryEstimate.Layer(name + " pool", f * next));
				scale = next;
			}
		}
		for (int l = depth() - 1; l >= 0; l--) {
			for (int factor : pooling[l])
				scale *= factor;
			int f = filters(l);
			if (upsampling == Upsampling.RESIZE)
				layers.add(new MemoryEstimate.Layer("decoder " + l + " resize", filters(l + 1) * scale));
			layers.add(new MemoryEstimate.Layer("decoder " + l + " upsample", f * scale));
			layers.add(new MemoryEstimate.Layer("decoder " + l + " concat", 2 * f * scale));
			layers.add(new MemoryEstimate.Layer("decoder " + l + " conv 1", f * scale));
			layers.add(new MemoryEstimate.Layer("decoder " + l + " conv 2", f * scale));
		}
		layers.add(new MemoryEstimate.Layer("logits", classes));
		layers.add(new MemoryEstimate.Layer("probabilities", classes));
		return new MemoryEstimate(layers);
	}

	/** Number of trainable parameters (weights and biases, plus batch-norm scales and offsets). */
	public long parameterCount() {
		int kernel = dims == 2 ? 9 : 27;
		long count = 0;
		int in = inputChannels;
		for (int l = 0; l <= depth(); l++) {
			int f = filters(l);
			count += convParameters(kernel, in, f) + convParameters(kernel, f, f);
			in = f;
		}
		for (int l = depth() - 1; l >= 0; l--) {
			int f = filters(l);
			int upKernel = 1;
			for (int factor : pooling[l])
				upKernel *= factor;
			if (upsampling == Upsampling.RESIZE) upKernel = kernel; // the convolution after resizing
			count += (long) upKernel * filters(l + 1) * f + f;
			count += convParameters(kernel, 2 * f, f) + convParameters(kernel, f, f);
		}
		return count + (long) filters(0) * classes + classes;
	}

	private long convParameters(int kernel, int in, int out) {
		return (long) kernel * in * out + out + (batchNorm ? 2L * out : 0);
	}

	/** This configuration as plain values (for the model descriptor). */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("architecture", dims == 2 ? "unet-2d" : "unet-3d");
		map.put("dims", dims);
		map.put("input_channels", inputChannels);
		map.put("classes", classes);
		map.put("depth", depth());
		map.put("base_filters", baseFilters);
		map.put("batch_norm", batchNorm);
		List<List<Integer>> levels = new ArrayList<>();
		for (int[] level : pooling) {
			List<Integer> factors = new ArrayList<>();
			for (int f : level)
				factors.add(f);
			levels.add(factors);
		}
		map.put("pooling", levels);
		map.put("upsampling", upsampling.toString());
		return map;
	}

	/**
	 * Reads a configuration written by {@link #toMap()}, with a clear message for missing or wrong fields; without
	 * {@code upsampling} (models saved before it existed) the network up-samples by transposed convolutions.
	 */
	public static NetworkConfig fromMap(Map<?, ?> map) {
		int dims = intField(map, "dims");
		List<?> levels = field(map, "pooling", List.class);
		int[][] pooling = new int[levels.size()][];
		for (int l = 0; l < pooling.length; l++) {
			if (!(levels.get(l) instanceof List<?> factors))
				throw new IllegalArgumentException("network field 'pooling' must be a list of lists of integers");
			pooling[l] = new int[factors.size()];
			for (int a = 0; a < pooling[l].length; a++) {
				if (!(factors.get(a) instanceof Integer f)) throw new IllegalArgumentException(
					"network field 'pooling' must hold integers, found " + factors.get(a));
				pooling[l][a] = f;
			}
		}
		Object depth = map.get("depth");
		if (depth != null && !depth.equals(pooling.length)) throw new IllegalArgumentException(
			"network depth " + depth + " does not match its " + pooling.length + " pooling levels");
		Object upsampling = map.get("upsampling");
		return new NetworkConfig(dims, intField(map, "input_channels"), intField(map, "classes"),
			intField(map, "base_filters"), field(map, "batch_norm", Boolean.class), pooling,
			upsampling == null ? Upsampling.TRANSPOSED : Upsampling.parse(upsampling.toString()));
	}

	private static int intField(Map<?, ?> map, String key) {
		return field(map, key, Integer.class);
	}

	private static <T> T field(Map<?, ?> map, String key, Class<T> type) {
		Object value = map.get(key);
		if (value == null) throw new IllegalArgumentException("network configuration lacks '" + key + "'");
		if (!type.isInstance(value)) throw new IllegalArgumentException(
			"network field '" + key + "' must be " + type.getSimpleName().toLowerCase() + ", found '" + value + "'");
		return type.cast(value);
	}

	private static int[][] deepCopy(int[][] array) {
		int[][] copy = new int[array.length][];
		for (int i = 0; i < array.length; i++)
			copy[i] = array[i].clone();
		return copy;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof NetworkConfig other && dims == other.dims && inputChannels == other.inputChannels &&
			classes == other.classes && baseFilters == other.baseFilters && batchNorm == other.batchNorm &&
			Arrays.deepEquals(pooling, other.pooling) && upsampling == other.upsampling;
	}

	@Override
	public int hashCode() {
		return (Arrays.deepHashCode(pooling) * 31 + upsampling.ordinal()) * 31 + dims * 7 + classes * 5 +
			baseFilters * 3 + inputChannels;
	}

	@Override
	public String toString() {
		return (dims == 2 ? "U-Net 2D" : "3D U-Net") + ", depth " + depth() + ", " + baseFilters + " base filters, " +
			inputChannels + " input channel(s), " + classes + " classes" + (batchNorm ? ", batch norm" : "") +
			", pooling " + Arrays.deepToString(pooling) +
			(upsampling == Upsampling.RESIZE ? ", resize-convolution up-sampling" : "");
	}
}
