package org.unetfiji.engine.onnx;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.network.NetworkConfig;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * An ONNX model in an ONNX Runtime session: one float input and one float output, image batches in the axis order
 * the model package describes (checked against the configuration where the graph declares channels-last). Prediction
 * only.
 */
final class OnnxNetwork implements Network {

	private final NetworkConfig config;
	private final OrtSession session;
	private final String input;
	private final String output;
	/** Whether the graph declares a channels-last input, whose shapes are then checked against the config. */
	private final boolean channelsLast;

	private OnnxNetwork(NetworkConfig config, OrtSession session, String input, String output, boolean channelsLast) {
		this.config = config;
		this.session = session;
		this.input = input;
		this.output = output;
		this.channelsLast = channelsLast;
	}

	static OnnxNetwork load(Path file, NetworkConfig config) throws IOException {
		if (!Files.isRegularFile(file)) throw new IOException("no ONNX model file at " + file);
		OrtSession session;
		try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			// idle worker threads sleep instead of spinning: on a busy or shared CPU (or beside Fiji's own threads)
			// spinning made a 512x512 2D U-Net pass 2.5x slower (265 ms vs 104 ms, see benchmarks/ONNX-RESULTS.md)
			options.addConfigEntry("session.intra_op.allow_spinning", "0");
			session = OrtEnvironment.getEnvironment().createSession(file.toString(), options);
		}
		catch (OrtException e) {
			throw new IOException("ONNX Runtime could not load " + file + ": " + e.getMessage(), e);
		}
		try {
			String input = single(session.getInputInfo(), "input", file);
			String output = single(session.getOutputInfo(), "output", file);
			checkRank(session.getInputInfo().get(input), config, file);
			checkRank(session.getOutputInfo().get(output), config, file);
			long[] declared = ((TensorInfo) session.getInputInfo().get(input).getInfo()).getShape();
			return new OnnxNetwork(config, session, input, output,
				declared[declared.length - 1] == config.inputChannels());
		}
		catch (IOException | OrtException e) {
			close(session);
			throw e instanceof IOException io ? io
				: new IOException("cannot inspect " + file + ": " + e.getMessage(), e);
		}
	}

	@Override
	public NetworkConfig config() {
		return config;
	}

	@Override
	public FloatTensor predict(FloatTensor image) {
		if (channelsLast) config.checkImageShape(image.shape(), config.inputChannels(), "input");
		OrtEnvironment environment = OrtEnvironment.getEnvironment();
		try (OnnxTensor in = OnnxTensor.createTensor(environment, FloatBuffer.wrap(image.data()), image.shape());
			OrtSession.Result result = session.run(Map.of(input, in)))
		{
			OnnxValue value = result.get(output).orElseThrow();
			if (!(value instanceof OnnxTensor tensor) || !(tensor.getInfo().type == OnnxJavaType.FLOAT))
				throw new IllegalStateException("the ONNX model's output '" + output + "' is not a float tensor");
			long[] expected = image.shape().clone();
			expected[expected.length - 1] = config.classes();
			long[] shape = tensor.getInfo().getShape();
			if (channelsLast && !Arrays.equals(shape, expected)) throw new IllegalStateException(
				"the ONNX model returned shape " + Arrays.toString(shape) + ", expected " + Arrays.toString(expected));
			FloatTensor probabilities = FloatTensor.zeros(shape);
			tensor.getFloatBuffer().get(probabilities.data());
			return probabilities;
		}
		catch (OrtException e) {
			throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
		}
	}

	@Override
	public void close() {
		close(session);
	}

	private static String single(Map<String, NodeInfo> values, String what, Path file) throws IOException {
		if (values.size() != 1) throw new IOException("the ONNX model " + file + " has " + values.size() + " " + what +
			"s " + values.keySet() + "; only models with one input and one output are supported");
		return values.keySet().iterator().next();
	}

	private static void checkRank(NodeInfo value, NetworkConfig config, Path file) throws IOException {
		if (!(value.getInfo() instanceof TensorInfo info) || info.getShape().length != config.dims() + 2)
			throw new IOException("the ONNX model " + file + " has " + value.getName() + " " + value.getInfo() +
				"; a " + config.dims() + "D model needs a float tensor of rank " + (config.dims() + 2));
	}

	private static void close(OrtSession session) {
		try {
			session.close();
		}
		catch (OrtException e) {
			throw new IllegalStateException("could not release the ONNX Runtime session", e);
		}
	}
}
