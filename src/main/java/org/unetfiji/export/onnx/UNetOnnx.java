package org.unetfiji.export.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.network.NetworkConfig;
import org.unetfiji.network.Upsampling;
import org.unetfiji.export.onnx.OnnxGraph.Attribute;

/**
 * The ONNX graph of a trained U-Net / 3D U-Net, built from its configuration and its weights, with standard
 * operators only (opset {@value OnnxGraph#OPSET_VERSION}): Transpose, Conv, Relu, MaxPool, ConvTranspose (or Resize
 * and Conv for {@link Upsampling#RESIZE}), Concat, Softmax.
 * <p>
 * The graph takes and returns the same tensors as the TensorFlow network and the model package's axes: input
 * {@code (batch, [z,] y, x, channels)}, output {@code (batch, [z,] y, x, classes)} softmax probabilities, with
 * symbolic batch and spatial sizes. Inside, everything runs channels-first (NCHW / NCDHW, ONNX's convention): a
 * Transpose at the entry and one before the softmax. Batch normalisation (inference form, moving averages) is
 * folded into the preceding convolution's weights and bias.
 * <p>
 * Weights are read by the variable names and in the layouts of the TensorFlow engine's U-Net graph: kernels
 * {@code (k..., in, out)}, transposed-convolution kernels {@code (f..., out, in)}, {@code *_bias}, and with batch
 * norm {@code *_gamma}, {@code *_beta}, {@code *_moving_mean}, {@code *_moving_variance} (epsilon 1e-3).
 */
public final class UNetOnnx {

	private static final double BATCH_NORM_EPSILON = 1e-3;
	private static final String PRODUCER = "U-Net for Fiji";

	private final NetworkConfig config;
	private final Function<String, FloatTensor> variables;
	private final OnnxGraph graph = new OnnxGraph("unet");
	private final int dims;

	private UNetOnnx(NetworkConfig config, Function<String, FloatTensor> variables) {
		this.config = config;
		this.variables = variables;
		this.dims = config.dims();
	}

	/**
	 * The serialised ONNX model.
	 *
	 * @param variables the network's weights by variable name
	 * @param inputName name of the graph input (the package's input tensor id)
	 * @param outputName name of the graph output (the package's output tensor id)
	 * @param producerVersion the plugin version, recorded in the model
	 */
	public static byte[] build(NetworkConfig config, Function<String, FloatTensor> variables, String inputName,
		String outputName, String producerVersion)
	{
		return new UNetOnnx(config, variables).build(inputName, outputName, producerVersion);
	}

	private byte[] build(String inputName, String outputName, String producerVersion) {
		graph.input(inputName, imageDims(config.inputChannels()));
		String x = graph.node("Transpose", "input_channels_first", List.of(inputName),
			Attribute.ints("perm", toChannelsFirst()));
		List<String> skips = new ArrayList<>();
		for (int level = 0; level < config.depth(); level++) {
			x = convBlock(x, "encoder" + level);
			skips.add(x);
			x = maxPool(x, config.pooling(level), "encoder" + level + "_pool");
		}
		x = convBlock(x, "bottom");
		for (int level = config.depth() - 1; level >= 0; level--) {
			String name = "decoder" + level;
			String up = upsample(x, config.pooling(level), name);
			x = graph.node("Concat", name + "_concat", List.of(skips.get(level), up), Attribute.integer("axis", 1));
			x = convBlock(x, name);
		}
		String logits = conv(x, "output", 1, false, false);
		String channelsLast = graph.node("Transpose", "logits_channels_last", List.of(logits),
			Attribute.ints("perm", toChannelsLast()));
		graph.node("Softmax", outputName, List.of(channelsLast), Attribute.integer("axis", -1));
		graph.output(outputName, imageDims(config.classes()));
		return graph.model(PRODUCER, producerVersion, config + ", exported from its TensorFlow weights");
	}

	private String convBlock(String x, String name) {
		x = conv(x, name + "_conv1", 3, config.batchNorm(), true);
		return conv(x, name + "_conv2", 3, config.batchNorm(), true);
	}

	/** A "same" convolution, with folded batch norm and optionally a ReLU. */
	private String conv(String x, String name, int size, boolean batchNorm, boolean relu) {
		FloatTensor kernel = variable(name + "_kernel");
		int in = (int) kernel.size(dims);
		int out = (int) kernel.size(dims + 1);
		float[] weights = swapChannelsToFront(kernel.data(), in, out);
		float[] bias;
		if (batchNorm) {
			float[] gamma = variable(name + "_gamma").data();
			float[] beta = variable(name + "_beta").data();
			float[] mean = variable(name + "_moving_mean").data();
			float[] variance = variable(name + "_moving_variance").data();
			bias = new float[out];
			int perOutput = weights.length / out;
			for (int o = 0; o < out; o++) {
				double scale = gamma[o] / Math.sqrt(variance[o] + BATCH_NORM_EPSILON);
				for (int i = o * perOutput; i < (o + 1) * perOutput; i++)
					weights[i] = (float) (weights[i] * scale);
				bias[o] = (float) (beta[o] - mean[o] * scale);
			}
		}
		else bias = variable(name + "_bias").data();
		long[] kernelShape = new long[dims];
		Arrays.fill(kernelShape, size);
		long[] pads = new long[2 * dims];
		Arrays.fill(pads, size / 2);
		String w = graph.initializer(name + "_weight", concat(new long[]{ out, in }, kernelShape), weights);
		String b = graph.initializer(name + "_bias", new long[]{ out }, bias);
		String y = graph.node("Conv", name, List.of(x, w, b), Attribute.ints("kernel_shape", kernelShape),
			Attribute.ints("pads", pads));
		return relu ? graph.node("Relu", name + "_relu", List.of(y)) : y;
	}

	private String maxPool(String x, int[] factors, String name) {
		if (Arrays.stream(factors).allMatch(f -> f == 1)) return x;
		long[] window = Arrays.stream(factors).asLongStream().toArray();
		return graph.node("MaxPool", name, List.of(x), Attribute.ints("kernel_shape", window),
			Attribute.ints("strides", window));
	}

	/**
	 * The learned up-sampling: a transposed convolution with kernel = stride = the pooling factors, or nearest
	 * resizing by those factors (each output voxel takes the input voxel {@code floor(i / f)}, as TensorFlow's
	 * repetition) and a linear 3×3(×3) convolution.
	 */
	private String upsample(String x, int[] factors, String name) {
		if (config.upsampling() == Upsampling.RESIZE) {
			float[] scales = new float[dims + 2];
			Arrays.fill(scales, 1);
			for (int a = 0; a < dims; a++)
				scales[a + 2] = factors[a];
			String s = graph.initializer(name + "_resize_scales", new long[]{ dims + 2 }, scales);
			String resized = graph.node("Resize", name + "_resize", List.of(x, "", s),
				Attribute.text("mode", "nearest"), Attribute.text("coordinate_transformation_mode", "asymmetric"),
				Attribute.text("nearest_mode", "floor"));
			return conv(resized, name + "_up", 3, false, false);
		}
		FloatTensor kernel = variable(name + "_up_kernel");
		int out = (int) kernel.size(dims);
		int in = (int) kernel.size(dims + 1);
		long[] window = Arrays.stream(factors).asLongStream().toArray();
		String w = graph.initializer(name + "_up_weight", concat(new long[]{ in, out }, window),
			swapChannelsToFront(kernel.data(), out, in));
		String b = graph.initializer(name + "_up_bias", new long[]{ out }, variable(name + "_up_bias").data());
		return graph.node("ConvTranspose", name + "_up", List.of(x, w, b), Attribute.ints("kernel_shape", window),
			Attribute.ints("strides", window));
	}

	private FloatTensor variable(String name) {
		return variables.apply(name);
	}

	/**
	 * Reorders a kernel from {@code (spatial..., a, b)} (TensorFlow) to {@code (b, a, spatial...)} (ONNX): for a
	 * convolution a = in, b = out gives ONNX's {@code (out, in, k...)}; for a transposed convolution a = out,
	 * b = in gives {@code (in, out, f...)}.
	 */
	static float[] swapChannelsToFront(float[] kernel, int a, int b) {
		int spatial = kernel.length / (a * b);
		float[] reordered = new float[kernel.length];
		for (int s = 0; s < spatial; s++)
			for (int i = 0; i < a; i++)
				for (int j = 0; j < b; j++)
					reordered[(j * a + i) * spatial + s] = kernel[(s * a + i) * b + j];
		return reordered;
	}

	private Object[] imageDims(int channels) {
		Object[] shape = new Object[dims + 2];
		shape[0] = "batch";
		for (int a = 0; a < dims; a++)
			shape[a + 1] = List.of("z", "y", "x").get(3 - dims + a);
		shape[dims + 1] = (long) channels;
		return shape;
	}

	private long[] toChannelsFirst() {
		long[] perm = new long[dims + 2];
		perm[1] = dims + 1;
		for (int a = 0; a < dims; a++)
			perm[a + 2] = a + 1;
		return perm;
	}

	private long[] toChannelsLast() {
		long[] perm = new long[dims + 2];
		for (int a = 0; a < dims; a++)
			perm[a + 1] = a + 2;
		perm[dims + 1] = 1;
		return perm;
	}

	private static long[] concat(long[] a, long[] b) {
		long[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}
}
