package org.unetfiji.engine.tensorflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unetfiji.network.NetworkConfig;
import org.unetfiji.network.Upsampling;

/**
 * Builds the TensorFlow graph of a U-Net / 3D U-Net with its weighted loss and an Adam training step.
 * <p>
 * The operation names below are the contract between a saved network and the code that runs it.
 */
final class UNetGraph {

	/** Input images, {@code (batch, [z,] y, x, channels)}. */
	static final String INPUT = "input";
	/** Softmax class probabilities, {@code (batch, [z,] y, x, classes)}. */
	static final String PROBABILITIES = "probabilities";
	/** One-hot training target, {@code (batch, [z,] y, x, classes)}. */
	static final String TARGET = "target";
	/** Per-pixel loss weights, {@code (batch, [z,] y, x)}. */
	static final String WEIGHTS = "weights";
	/** Scalar Adam step size, defaults to 1e-3. */
	static final String LEARNING_RATE = "learning_rate";
	/** Scalar 1 while training (batch statistics), 0 (the default) for inference (moving averages). */
	static final String TRAINING = "training";
	/** Scalar weighted softmax cross-entropy, plus the weighted soft Dice term. */
	static final String LOSS = "loss";
	/** Scalar weight of the soft Dice term in the loss, 0 by default. */
	static final String DICE_WEIGHT = "dice_weight";
	/** Target that runs one Adam step (and updates batch-norm moving averages). */
	static final String TRAIN = "train";

	private static final float BETA1 = 0.9f;
	private static final float BETA2 = 0.999f;
	private static final float EPSILON = 1e-7f;
	private static final float BATCH_NORM_MOMENTUM = 0.99f;

	private final NetworkConfig config;
	private final Ops tf;
	private final Ops init;
	private final long seed;
	private final boolean freezeEncoder;
	private final int spatialRank;
	private final List<Variable<TFloat32>> trainable = new ArrayList<>();
	private final List<Op> batchNormUpdates = new ArrayList<>();
	private Operand<TFloat32> training;
	private long seedCounter;

	private UNetGraph(Graph graph, NetworkConfig config, long seed, boolean freezeEncoder) {
		this.config = config;
		this.freezeEncoder = freezeEncoder;
		this.tf = Ops.create(graph);
		this.init = tf.withInitScope();
		this.seed = seed;
		this.spatialRank = config.dims();
	}

	/**
	 * Adds the network, loss and training step to an empty graph; weights are initialised with {@code seed}.
	 *
	 * @param freezeEncoder whether the training step leaves the encoder (contracting path and bottom block)
	 *          unchanged, batch-norm averages included, and trains only the decoder and output layer
	 */
	static void build(Graph graph, NetworkConfig config, long seed, boolean freezeEncoder) {
		Conv3dGradients.register();
		new UNetGraph(graph, config, seed, freezeEncoder).build();
	}

	/** Whether a variable belongs to the encoder: the contracting path and the bottom block. */
	static boolean isEncoder(String variableName) {
		return variableName.startsWith("encoder") || variableName.startsWith("bottom");
	}

	private void build() {
		long[] inputShape = new long[spatialRank + 2];
		Arrays.fill(inputShape, -1);
		inputShape[spatialRank + 1] = config.inputChannels();
		Operand<TFloat32> input = tf.withName(INPUT).placeholder(TFloat32.class,
			Placeholder.shape(Shape.of(inputShape)));
		training = tf.withName(TRAINING).placeholderWithDefault(tf.constant(0f), Shape.scalar());

		List<Operand<TFloat32>> skips = new ArrayList<>();
		Operand<TFloat32> x = input;
		int channels = config.inputChannels();
		for (int level = 0; level < config.depth(); level++) {
			x = convBlock(x, channels, config.filters(level), "encoder" + level);
			skips.add(x);
			x = maxPool(x, config.pooling(level));
			channels = config.filters(level);
		}
		x = convBlock(x, channels, config.filters(config.depth()), "bottom");
		for (int level = config.depth() - 1; level >= 0; level--) {
			Operand<TFloat32> skip = skips.get(level);
			Operand<TFloat32> up = upsample(x, skip, config.filters(level + 1), config.filters(level),
				config.pooling(level), "decoder" + level);
			x = tf.concat(List.of(skip, up), tf.constant(spatialRank + 1));
			x = convBlock(x, 2 * config.filters(level), config.filters(level), "decoder" + level);
		}
		Operand<TFloat32> logits = tf.nn.biasAdd(
			convolve(x, kernel("output_kernel", 1, config.filters(0), config.classes())),
			bias("output_bias", config.classes()));
		tf.withName(PROBABILITIES).nn.softmax(logits);
		Operand<TFloat32> loss = loss(logits);
		adam(loss);
	}

	private Operand<TFloat32> convBlock(Operand<TFloat32> x, int in, int out, String name) {
		x = convLayer(x, in, out, name + "_conv1");
		return convLayer(x, out, out, name + "_conv2");
	}

	private Operand<TFloat32> convLayer(Operand<TFloat32> x, int in, int out, String name) {
		Operand<TFloat32> y = convolve(x, kernel(name + "_kernel", 3, in, out));
		y = config.batchNorm() ? batchNorm(y, out, name) : tf.nn.biasAdd(y, bias(name + "_bias", out));
		return tf.nn.relu(y);
	}

	private Operand<TFloat32> convolve(Operand<TFloat32> x, Operand<TFloat32> kernel) {
		List<Long> strides = ones(spatialRank + 2);
		return spatialRank == 2 ? tf.nn.conv2d(x, kernel, strides, "SAME") : tf.nn.conv3d(x, kernel, strides, "SAME");
	}

	/**
	 * Batch normalisation written with plain ops (all have gradients): batch statistics while {@link #TRAINING}
	 * is 1, moving averages otherwise, blended arithmetically so one graph serves both.
	 */
	private Operand<TFloat32> batchNorm(Operand<TFloat32> x, int channels, String name) {
		Operand<TInt32> axes = tf.constant(range(spatialRank + 1));
		Operand<TFloat32> mean = tf.math.mean(x, axes);
		Operand<TFloat32> variance = tf.math.mean(tf.math.square(tf.math.sub(x, mean)), axes);
		Variable<TFloat32> movingMean = init.withName(name + "_moving_mean")
			.variable(init.fill(init.constant(new int[]{ channels }), init.constant(0f)));
		Variable<TFloat32> movingVariance = init.withName(name + "_moving_variance")
			.variable(init.fill(init.constant(new int[]{ channels }), init.constant(1f)));
		if (!(freezeEncoder && isEncoder(name))) {
			batchNormUpdates.add(movingAverage(movingMean, mean));
			batchNormUpdates.add(movingAverage(movingVariance, variance));
		}
		Operand<TFloat32> notTraining = tf.math.sub(tf.constant(1f), training);
		Operand<TFloat32> m = tf.math.add(tf.math.mul(training, mean), tf.math.mul(notTraining, movingMean));
		Operand<TFloat32> v = tf.math.add(tf.math.mul(training, variance), tf.math.mul(notTraining, movingVariance));
		Operand<TFloat32> normalised = tf.math.mul(tf.math.sub(x, m),
			tf.math.rsqrt(tf.math.add(v, tf.constant(1e-3f))));
		Variable<TFloat32> scale = trainable(init.withName(name + "_gamma")
			.variable(init.fill(init.constant(new int[]{ channels }), init.constant(1f))));
		return tf.math.add(tf.math.mul(normalised, scale), bias(name + "_beta", channels));
	}

	private Op movingAverage(Variable<TFloat32> average, Operand<TFloat32> batchValue) {
		Operand<TFloat32> updated = tf.math.add(tf.math.mul(average, tf.constant(BATCH_NORM_MOMENTUM)),
			tf.math.mul(tf.stopGradient(batchValue), tf.constant(1 - BATCH_NORM_MOMENTUM)));
		return tf.assign(average, updated);
	}

	private Operand<TFloat32> maxPool(Operand<TFloat32> x, int[] factors) {
		if (Arrays.stream(factors).allMatch(f -> f == 1)) return x;
		List<Long> window = spatialWindow(factors);
		if (spatialRank == 3) return tf.nn.maxPool3d(x, window, window, "VALID");
		int[] w = window.stream().mapToInt(Long::intValue).toArray();
		return tf.nn.maxPool(x, tf.constant(w), tf.constant(w), "VALID");
	}

	/**
	 * Learned up-sampling to the size of {@code skip}: a transposed convolution with kernel = stride = the level's
	 * pooling factors, or nearest resizing by those factors followed by a 3×3(×3) convolution
	 * ({@link Upsampling#RESIZE}); both linear, with a bias, in variables {@code <name>_up_kernel} and
	 * {@code <name>_up_bias}.
	 */
	private Operand<TFloat32> upsample(Operand<TFloat32> x, Operand<TFloat32> skip, int in, int out, int[] factors,
		String name)
	{
		if (config.upsampling() == Upsampling.RESIZE) {
			Operand<TFloat32> resized = resizeNearest(x, factors);
			return tf.nn.biasAdd(convolve(resized, kernel(name + "_up_kernel", 3, in, out)),
				bias(name + "_up_bias", out));
		}
		long[] shape = new long[spatialRank + 2];
		for (int a = 0; a < spatialRank; a++)
			shape[a] = factors[a];
		shape[spatialRank] = out;
		shape[spatialRank + 1] = in;
		Operand<TFloat32> kernel = weight(name + "_up_kernel", shape, Math.sqrt(2.0 / in));
		List<Long> strides = spatialWindow(factors);
		Operand<TInt32> outputShape = tf.shape(skip);
		Operand<TFloat32> y = spatialRank == 2 ? tf.nn.conv2dBackpropInput(outputShape, kernel, x, strides, "VALID")
			: tf.nn.conv3dBackpropInput(outputShape, kernel, x, strides, "VALID");
		return tf.nn.biasAdd(y, bias(name + "_up_bias", out));
	}

	/**
	 * Nearest-neighbour up-sampling by integer factors, 2D or 3D, with ops whose gradients TensorFlow has (Reshape,
	 * broadcasting Mul), one axis at a time since TensorFlow broadcasts only up to rank 5: the tensor is viewed as
	 * {@code (before, n, 1, after)}, multiplied by ones of shape {@code (1, 1, f, 1)} and viewed again with
	 * {@code n · f} along the axis.
	 */
	private Operand<TFloat32> resizeNearest(Operand<TFloat32> x, int[] factors) {
		int rank = spatialRank + 2;
		for (int a = 0; a < spatialRank; a++) {
			if (factors[a] == 1) continue;
			Operand<TInt32> shape = tf.shape(x);
			Operand<TInt32> before = slice(shape, 0, a + 1);
			Operand<TInt32> size = slice(shape, a + 1, 1);
			Operand<TInt32> after = slice(shape, a + 2, rank - a - 2);
			Operand<TInt32> zero = tf.constant(0);
			Operand<TInt32> view = tf.concat(
				List.of(tf.reshape(tf.reduceProd(before, zero), tf.constant(new int[]{ 1 })), size,
					tf.constant(new int[]{ 1 }), tf.reshape(tf.reduceProd(after, zero), tf.constant(new int[]{ 1 }))),
				zero);
			Operand<TFloat32> repeated = tf.math.mul(tf.reshape(x, view),
				tf.fill(tf.constant(new int[]{ 1, 1, factors[a], 1 }), tf.constant(1f)));
			x = tf.reshape(repeated,
				tf.concat(List.of(before, tf.math.mul(size, tf.constant(new int[]{ factors[a] })), after), zero));
		}
		return x;
	}

	private Operand<TInt32> slice(Operand<TInt32> vector, int begin, int length) {
		return tf.slice(vector, tf.constant(new int[]{ begin }), tf.constant(new int[]{ length }));
	}

	private Operand<TFloat32> kernel(String name, int size, int in, int out) {
		long[] shape = new long[spatialRank + 2];
		Arrays.fill(shape, size);
		shape[spatialRank] = in;
		shape[spatialRank + 1] = out;
		return weight(name, shape, Math.sqrt(2.0 / (Math.pow(size, spatialRank) * in)));
	}

	/** A He-initialised weight variable (truncated normal, seeded). */
	private Variable<TFloat32> weight(String name, long[] shape, double stddev) {
		Operand<TFloat32> random = init.random.truncatedNormal(init.constant(shape), TFloat32.class,
			TruncatedNormal.seed(seed), TruncatedNormal.seed2(++seedCounter));
		return trainable(init.withName(name).variable(init.math.mul(random, init.constant((float) stddev))));
	}

	private Variable<TFloat32> bias(String name, int size) {
		return trainable(init.withName(name).variable(init.fill(init.constant(new int[]{ size }), init.constant(0f))));
	}

	private Variable<TFloat32> trainable(Variable<TFloat32> variable) {
		if (!(freezeEncoder && isEncoder(variable.op().name()))) trainable.add(variable);
		return variable;
	}

	/**
	 * Weighted softmax cross-entropy {@code Σ w·ce / Σ w} over all pixels of the batch, plus
	 * {@code dice_weight × (1 − soft Dice)}: the mean over the classes after the first of
	 * {@code (2 Σ p·t + ε) / (Σ p + Σ t + ε)} over the pixels of non-zero weight.
	 */
	private Operand<TFloat32> loss(Operand<TFloat32> logits) {
		long[] targetShape = new long[spatialRank + 2];
		Arrays.fill(targetShape, -1);
		targetShape[spatialRank + 1] = config.classes();
		Operand<TFloat32> target = tf.withName(TARGET).placeholder(TFloat32.class,
			Placeholder.shape(Shape.of(targetShape)));
		long[] weightShape = new long[spatialRank + 1];
		Arrays.fill(weightShape, -1);
		Operand<TFloat32> weights = tf.withName(WEIGHTS).placeholder(TFloat32.class,
			Placeholder.shape(Shape.of(weightShape)));
		Operand<TInt32> pixelsByClass = tf.constant(new int[]{ -1, config.classes() });
		Operand<TFloat32> crossEntropy = tf.nn
			.softmaxCrossEntropyWithLogits(tf.reshape(logits, pixelsByClass), tf.reshape(target, pixelsByClass)).loss();
		Operand<TFloat32> w = tf.reshape(weights, tf.constant(new int[]{ -1 }));
		Operand<TInt32> all = tf.constant(new int[]{ 0 });
		Operand<TFloat32> weightSum = tf.math.maximum(tf.reduceSum(w, all), tf.constant(1e-6f));
		Operand<TFloat32> weightedCrossEntropy = tf.math.div(tf.reduceSum(tf.math.mul(w, crossEntropy), all),
			weightSum);
		Operand<TFloat32> diceWeight = tf.withName(DICE_WEIGHT).placeholderWithDefault(tf.constant(0f), Shape.scalar());
		Operand<TFloat32> dice = softDice(tf.nn.softmax(tf.reshape(logits, pixelsByClass)),
			tf.reshape(target, pixelsByClass), w);
		return tf.withName(LOSS).math.add(weightedCrossEntropy,
			tf.math.mul(diceWeight, tf.math.sub(tf.constant(1f), dice)));
	}

	/** Soft Dice of {@code (pixels, classes)} probabilities and targets over the pixels of non-zero weight. */
	private Operand<TFloat32> softDice(Operand<TFloat32> probabilities, Operand<TFloat32> target,
		Operand<TFloat32> weights)
	{
		Operand<TFloat32> annotated = tf
			.expandDims(tf.dtypes.cast(tf.math.greater(weights, tf.constant(0f)), TFloat32.class), tf.constant(1));
		Operand<TInt32> pixels = tf.constant(new int[]{ 0 });
		Operand<TFloat32> p = tf.math.mul(probabilities, annotated);
		Operand<TFloat32> t = tf.math.mul(target, annotated);
		Operand<TFloat32> epsilon = tf.constant(1e-6f);
		Operand<TFloat32> overlap = tf.math.add(tf.math.mul(tf.constant(2f), tf.reduceSum(tf.math.mul(p, t), pixels)),
			epsilon);
		Operand<TFloat32> total = tf.math.add(tf.math.add(tf.reduceSum(p, pixels), tf.reduceSum(t, pixels)), epsilon);
		Operand<TFloat32> perClass = tf.math.div(overlap, total);
		Operand<TFloat32> foreground = tf.slice(perClass, tf.constant(new int[]{ 1 }),
			tf.constant(new int[]{ config.classes() - 1 }));
		return tf.math.mean(foreground, pixels);
	}

	/** Adam (Kingma & Ba) with a feedable learning rate, using TensorFlow's ApplyAdam kernel. */
	private void adam(Operand<TFloat32> loss) {
		Operand<TFloat32> learningRate = tf.withName(LEARNING_RATE).placeholderWithDefault(tf.constant(1e-3f),
			Shape.scalar());
		Variable<TFloat32> beta1Power = init.withName("adam_beta1_power").variable(init.constant(BETA1));
		Variable<TFloat32> beta2Power = init.withName("adam_beta2_power").variable(init.constant(BETA2));
		var gradients = tf.gradients(loss, trainable);
		List<Op> allGradients = new ArrayList<>();
		for (int i = 0; i < trainable.size(); i++)
			allGradients.add(gradients.dy(i));
		// every gradient is computed before any variable changes: the backward pass reads variables, so an early
		// update would race with it and make steps irreproducible
		Ops gated = tf.withControlDependencies(allGradients);
		List<Op> updates = new ArrayList<>(batchNormUpdates);
		for (int i = 0; i < trainable.size(); i++) {
			Variable<TFloat32> variable = trainable.get(i);
			@SuppressWarnings("unchecked")
			Operand<TFloat32> gradient = (Operand<TFloat32>) (Operand<?>) gradients.dy(i);
			String name = variable.op().name();
			Variable<TFloat32> m = init.withName(name + "_adam_m").variable(init.zerosLike(variable));
			Variable<TFloat32> v = init.withName(name + "_adam_v").variable(init.zerosLike(variable));
			updates.add(gated.train.applyAdam(variable, m, v, beta1Power, beta2Power, learningRate, tf.constant(BETA1),
				tf.constant(BETA2), tf.constant(EPSILON), gradient));
		}
		Ops afterUpdates = tf.withControlDependencies(updates);
		Op nextBeta1Power = afterUpdates.assign(beta1Power,
			afterUpdates.math.mul(beta1Power, afterUpdates.constant(BETA1)));
		Op nextBeta2Power = afterUpdates.assign(beta2Power,
			afterUpdates.math.mul(beta2Power, afterUpdates.constant(BETA2)));
		Ops afterPowers = tf.withControlDependencies(List.of(nextBeta1Power, nextBeta2Power));
		afterPowers.withName(TRAIN).noOp();
	}

	private List<Long> spatialWindow(int[] factors) {
		List<Long> window = new ArrayList<>();
		window.add(1L);
		for (int f : factors)
			window.add((long) f);
		window.add(1L);
		return window;
	}

	private static List<Long> ones(int n) {
		return new ArrayList<>(java.util.Collections.nCopies(n, 1L));
	}

	private static int[] range(int n) {
		int[] values = new int[n];
		for (int i = 0; i < n; i++)
			values[i] = i;
		return values;
	}
}
