package org.unetfiji.engine.tensorflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.network.NetworkConfig;

/**
 * A SavedModel from elsewhere (exported by Keras or TensorFlow 2, or TensorFlow 1 with a signature): run through
 * the one input and one output of its serving signature, tensors in the axis order its package describes (the caller
 * transposes and checks the shapes). Prediction only.
 */
final class SignatureNetwork implements Network {

	/** The signature Keras and TensorFlow 2 export for serving. */
	static final String SERVING = "serving_default";

	private final NetworkConfig config;
	private final SavedModelBundle bundle;
	private final String input;
	private final String output;

	private SignatureNetwork(NetworkConfig config, SavedModelBundle bundle, String input, String output) {
		this.config = config;
		this.bundle = bundle;
		this.input = input;
		this.output = output;
	}

	/**
	 * The loaded SavedModel behind its serving signature; the bundle is closed when it has none to run.
	 *
	 * @throws IOException when there is no single serving signature with one float input and one float output
	 */
	static SignatureNetwork of(SavedModelBundle bundle, Path folder, NetworkConfig config) throws IOException {
		try {
			Map<String, SignatureDef> signatures = bundle.metaGraphDef().getSignatureDefMap();
			SignatureDef signature = signatures.size() == 1 ? signatures.values().iterator().next()
				: signatures.get(SERVING);
			if (signature == null) throw new IOException("the SavedModel in " + folder + " has the signatures " +
				signatures.keySet() + "; to run it, one must be '" + SERVING + "'");
			if (signature.getInputsCount() != 1 || signature.getOutputsCount() != 1)
				throw new IOException("the SavedModel in " + folder + " has " + signature.getInputsCount() +
					" inputs " + signature.getInputsMap().keySet() + " and " + signature.getOutputsCount() +
					" outputs " + signature.getOutputsMap().keySet() + "; only models with one input and one " +
					"output are supported");
			return new SignatureNetwork(config, bundle, tensor(signature.getInputsMap(), folder),
				tensor(signature.getOutputsMap(), folder));
		}
		catch (IOException | RuntimeException e) {
			bundle.close();
			throw e;
		}
	}

	private static String tensor(Map<String, TensorInfo> tensors, Path folder) throws IOException {
		Map.Entry<String, TensorInfo> entry = tensors.entrySet().iterator().next();
		if (entry.getValue().getDtype() != DataType.DT_FLOAT)
			throw new IOException("the SavedModel in " + folder + " has '" + entry.getKey() + "' of type " +
				entry.getValue().getDtype() + "; only float32 tensors are " + "supported");
		return entry.getValue().getName();
	}

	@Override
	public NetworkConfig config() {
		return config;
	}

	@Override
	public FloatTensor predict(FloatTensor image) {
		try (TFloat32 in = TFloat32.tensorOf(Shape.of(image.shape()), DataBuffers.of(image.data(), true, false));
			Result result = bundle.session().runner().feed(input, in).fetch(output).run())
		{
			if (!(result.get(0) instanceof TFloat32 tensor))
				throw new IllegalStateException("the SavedModel's output '" + output + "' is not a float tensor");
			FloatTensor out = FloatTensor.zeros(tensor.shape().asArray());
			tensor.copyTo(DataBuffers.of(out.data(), false, false));
			return out;
		}
	}

	@Override
	public void close() {
		bundle.close();
	}
}
