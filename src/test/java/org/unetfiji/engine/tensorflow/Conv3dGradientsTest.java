package org.unetfiji.engine.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;

/**
 * Proves the Java-registered Conv3D and Conv3DBackpropInputV2 gradients by central finite differences, in double
 * precision, for every element of both differentiable inputs of small random problems (with strides and
 * anisotropic kernels, as the 3D U-Net uses them).
 */
class Conv3dGradientsTest {

	private static final double STEP = 1e-5;

	@Test
	void conv3dGradientMatchesFiniteDifferences() {
		// input (1, 3, 4, 5, 2), filter (3, 3, 3, 2, 3), stride 1 "SAME"; and (1, 4, 4, 4, 2) with stride 2 "VALID"
		checkGradient(new long[]{ 1, 3, 4, 5, 2 }, new long[]{ 3, 3, 3, 2, 3 },
			(tf, in) -> tf.nn.conv3d(in.get(0), in.get(1), List.of(1L, 1L, 1L, 1L, 1L), "SAME"));
		checkGradient(new long[]{ 1, 4, 4, 4, 2 }, new long[]{ 2, 2, 2, 2, 3 },
			(tf, in) -> tf.nn.conv3d(in.get(0), in.get(1), List.of(1L, 2L, 2L, 2L, 1L), "VALID"));
	}

	@Test
	void transposedConv3dGradientMatchesFiniteDifferences() {
		// up-sampling by (1, 2, 2) from (1, 2, 2, 3, 4) to (1, 2, 4, 6, 3): kernel (1, 2, 2, out 3, in 4)
		checkGradient(new long[]{ 1, 2, 2, 3, 4 }, new long[]{ 1, 2, 2, 3, 4 },
			(tf, in) -> tf.nn.conv3dBackpropInput(tf.constant(new int[]{ 1, 2, 4, 6, 3 }), in.get(1), in.get(0),
				List.of(1L, 1L, 2L, 2L, 1L), "VALID"));
		checkGradient(new long[]{ 1, 2, 2, 2, 2 }, new long[]{ 2, 2, 2, 2, 2 },
			(tf, in) -> tf.nn.conv3dBackpropInput(tf.constant(new int[]{ 1, 4, 4, 4, 2 }), in.get(1), in.get(0),
				List.of(1L, 2L, 2L, 2L, 1L), "VALID"));
	}

	/**
	 * Builds {@code y = Σ r · op(a, b)} with a fixed random {@code r}, takes TensorFlow's gradient with respect to
	 * {@code a} and {@code b}, and compares each element with {@code (y(v + h) − y(v − h)) / 2h}.
	 */
	private static void checkGradient(long[] shapeA, long[] shapeB,
		BiFunction<Ops, List<Operand<TFloat64>>, Operand<TFloat64>> op)
	{
		Conv3dGradients.register();
		Random random = new Random(42);
		double[][] values = { randoms(random, shapeA), randoms(random, shapeB) };
		long[][] shapes = { shapeA, shapeB };
		try (Graph graph = new Graph(); Session session = new Session(graph)) {
			Ops tf = Ops.create(graph);
			Operand<TFloat64> a = tf.withName("a").placeholder(TFloat64.class, Placeholder.shape(Shape.of(shapeA)));
			Operand<TFloat64> b = tf.withName("b").placeholder(TFloat64.class, Placeholder.shape(Shape.of(shapeB)));
			Operand<TFloat64> out = op.apply(tf, List.of(a, b));
			Operand<TFloat64> weights = tf.constant(Shape.of(new long[]{ size(graph, out) }),
				DataBuffers.of(randoms(random, new long[]{ size(graph, out) })));
			Operand<TFloat64> y = tf.withName("y")
				.reduceSum(tf.math.mul(tf.reshape(out, tf.constant(new int[]{ -1 })), weights), tf.constant(0));
			var gradients = tf.gradients(y, List.of(a, b));
			for (int input = 0; input < 2; input++) {
				double[] analytic = run(session, values, shapes, gradients.dy(input).op().name(), values[input].length);
				for (int i = 0; i < values[input].length; i++) {
					double original = values[input][i];
					values[input][i] = original + STEP;
					double plus = run(session, values, shapes, "y", 1)[0];
					values[input][i] = original - STEP;
					double minus = run(session, values, shapes, "y", 1)[0];
					values[input][i] = original;
					double numeric = (plus - minus) / (2 * STEP);
					assertEquals(numeric, analytic[i], 1e-6 * Math.max(1, Math.abs(numeric)),
						"d/d" + (input == 0 ? "a" : "b") + "[" + i + "]");
				}
			}
		}
	}

	private static long size(Graph graph, Operand<?> out) {
		long n = 1;
		for (long s : out.shape().asArray()) {
			assertTrue(s > 0, "static shape expected");
			n *= s;
		}
		return n;
	}

	private static double[] run(Session session, double[][] values, long[][] shapes, String fetch, int size) {
		try (TFloat64 a = TFloat64.tensorOf(Shape.of(shapes[0]), DataBuffers.of(values[0], true, false));
			TFloat64 b = TFloat64.tensorOf(Shape.of(shapes[1]), DataBuffers.of(values[1], true, false));
			Result result = session.runner().feed("a", a).feed("b", b).fetch(fetch).run())
		{
			double[] out = new double[size];
			((TFloat64) result.get(0)).copyTo(DataBuffers.of(out, false, false));
			return out;
		}
	}

	private static double[] randoms(Random random, long[] shape) {
		long n = 1;
		for (long s : shape)
			n *= s;
		double[] values = new double[(int) n];
		for (int i = 0; i < values.length; i++)
			values[i] = random.nextGaussian();
		return values;
	}
}
