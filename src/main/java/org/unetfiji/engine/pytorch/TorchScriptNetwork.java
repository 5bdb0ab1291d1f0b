package org.unetfiji.engine.pytorch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.network.NetworkConfig;

import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * A TorchScript module in DJL's PyTorch engine, in evaluation mode: one float input, one float output. The tensors
 * pass in the model's own axis order (PyTorch models are mostly channels-first, {@code (batch, channel, [z,] y, x)});
 * arranging them as the package's descriptor says is the caller's part. Prediction only.
 */
final class TorchScriptNetwork implements Network {

	private final NetworkConfig config;
	private final Model model;

	private TorchScriptNetwork(NetworkConfig config, Model model) {
		this.config = config;
		this.model = model;
	}

	static TorchScriptNetwork load(ai.djl.engine.Engine pytorch, Path file, NetworkConfig config) throws IOException {
		if (!Files.isRegularFile(file)) throw new IOException("no TorchScript file at " + file);
		Model model = pytorch.newModel(file.getFileName().toString(), ai.djl.Device.cpu());
		try {
			TorchScriptEngine.withOwnLoader(() -> {
				model.load(file.toAbsolutePath().getParent(), file.getFileName().toString());
				return null;
			});
			return new TorchScriptNetwork(config, model);
		}
		catch (IOException | RuntimeException e) {
			model.close();
			Throwable cause = e.getCause() instanceof MalformedModelException m ? m : e;
			throw new IOException("PyTorch could not load " + file + ": " + cause.getMessage(), e);
		}
	}

	@Override
	public NetworkConfig config() {
		return config;
	}

	/**
	 * The module's output for an input in its own axis order.
	 *
	 * @param input of rank {@code dims + 2}
	 * @return its only output, in its own axis order
	 */
	@Override
	public FloatTensor predict(FloatTensor input) {
		if (input.rank() != config.dims() + 2) throw new IllegalArgumentException("a " + config.dims() +
			"D model takes a tensor of rank " + (config.dims() + 2) + ", not " + Arrays.toString(input.shape()));
		try (NDManager manager = model.getNDManager().newSubManager()) {
			NDArray in = manager.create(input.data(), new Shape(input.shape()));
			NDList out = model.getBlock().forward(new ParameterStore(manager, false), new NDList(in), false);
			if (out.size() != 1 || out.get(0).getDataType() != DataType.FLOAT32) throw new IllegalStateException(
				"the TorchScript model returned " + out.size() + " tensors; expected one float tensor");
			NDArray result = out.get(0);
			return new FloatTensor(result.toFloatArray(), result.getShape().getShape());
		}
	}

	@Override
	public void close() {
		model.close();
	}
}
