package org.unetfiji.engine.tensorflow;

import java.util.Arrays;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.op.nn.Conv3dBackpropFilter;
import org.tensorflow.op.nn.Conv3dBackpropInput;
import org.tensorflow.types.family.TNumber;

/**
 * Gradients of Conv3D and Conv3DBackpropInputV2 (3D transposed convolution), which TensorFlow's C++ gradient
 * registry lacks, registered from Java once per JVM (as in TensorFlow's Python {@code nn_grad.py}).
 */
final class Conv3dGradients {

	private static boolean registered;

	private Conv3dGradients() {}

	/** Registers both gradients; later calls do nothing. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static synchronized void register() {
		if (registered) return;
		TensorFlow.registerCustomGradient(Conv3d.Inputs.class, (tf, op, gradients) -> {
			Operand dy = gradients.get(0);
			List<Long> strides = list(op.strides);
			Operand dInput = tf.nn.conv3dBackpropInput(tf.shape(op.input), op.filter, dy, strides, op.padding,
				Conv3dBackpropInput.dilations(list(op.dilations)), Conv3dBackpropInput.dataFormat(op.dataFormat));
			Operand dFilter = tf.nn.conv3dBackpropFilter(op.input, tf.shape(op.filter), dy, strides, op.padding,
				Conv3dBackpropFilter.dilations(list(op.dilations)), Conv3dBackpropFilter.dataFormat(op.dataFormat));
			return Arrays.asList(dInput, dFilter);
		});
		TensorFlow.registerCustomGradient(Conv3dBackpropInput.Inputs.class, (tf, op, gradients) -> {
			Operand dy = gradients.get(0);
			List<Long> strides = list(op.strides);
			Operand<? extends TNumber> sizes = op.inputSizes;
			Operand dFilter = tf.nn.conv3dBackpropFilter(dy, tf.shape(op.filter), op.outBackprop, strides, op.padding,
				Conv3dBackpropFilter.dilations(list(op.dilations)), Conv3dBackpropFilter.dataFormat(op.dataFormat));
			Operand dOutBackprop = tf.nn.conv3d(dy, op.filter, strides, op.padding,
				Conv3d.dilations(list(op.dilations)), Conv3d.dataFormat(op.dataFormat));
			return Arrays.asList(tf.zerosLike((Operand) sizes), dFilter, dOutBackprop);
		});
		registered = true;
	}

	private static List<Long> list(long[] values) {
		return Arrays.stream(values).boxed().toList();
	}
}
