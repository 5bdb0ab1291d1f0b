package org.unetfiji.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.WeightsEntry;
import org.unetfiji.network.NetworkConfig;

/**
 * Describes a model (network, classes, receptive field, normalisation, weights, training), opening and so checking
 * its package; or lists the installed models (the work of {@code ./unet info} and U-Net Model Info).
 */
public final class ModelInfoTask {

	private ModelInfoTask() {}

	/** @throws org.unetfiji.model.ModelPackageException when the model cannot be opened */
	public static void run(ModelInfoRequest request, ModelInfoListener listener, BooleanSupplier cancelled)
		throws Exception
	{
		Cancellation.during(cancelled, () -> {
			if (request.model() == null) list(request, listener);
			else describe(request, listener);
		});
	}

	private static void list(ModelInfoRequest request, ModelInfoListener listener) {
		listener.line("models in " + request.models().modelsFolder() + ":");
		for (String model : request.models().availableModels())
			listener.line("  " + model);
	}

	private static void describe(ModelInfoRequest request, ModelInfoListener listener) throws Exception {
		try (ModelPackage model = ModelPackage.open(request.model())) {
			ModelDescriptor d = model.descriptor();
			listener.line("model:          " + d.name());
			listener.line("location:       " + model.source());
			listener.line("description:    " + d.description());
			if (d.hasNetworkConfig()) {
				NetworkConfig config = NetworkConfig.fromMap(d.network());
				listener.line("network:        " + config);
				listener.line("parameters:     " + config.parameterCount());
				listener.line("receptive field " + Arrays.toString(config.receptiveField()) +
					" px; sizes: multiples of " + Arrays.toString(config.sizeMultiple()));
			}
			else listener.line("network:        not described (a model from elsewhere: no config.unet)");
			listener.line("classes:        " + String.join(", ", d.classNames()));
			listener.line("element size:   " + d.describeElementSize());
			listener.line("normalisation:  " + d.normalization().method() + " " + d.normalization().parameters());
			Map<String, WeightsEntry> weights = d.weights();
			if (d.weightFormats().contains(ModelDescriptor.TENSORFLOW_WEIGHTS)) listener.line("weights:        " +
				"TensorFlow SavedModel (" +
				weights.get(ModelDescriptor.TENSORFLOW_WEIGHTS).attribute(ModelDescriptor.TENSORFLOW_VERSION) + ")");
			if (d.weightFormats().contains(ModelDescriptor.ONNX_WEIGHTS)) listener.line("weights:        ONNX, opset " +
				weights.get(ModelDescriptor.ONNX_WEIGHTS).attribute(ModelDescriptor.OPSET_VERSION));
			if (d.created() != null)
				listener.line("created:        " + d.created() + " by U-Net for Fiji " + d.unetFijiVersion());
			// a run that trained for a time records the steps it took
			Object steps = d.training().getOrDefault("steps", d.training().get("steps_done"));
			if (steps != null) listener.line("training:       " + steps + " steps, " + d.training().get("seconds") +
				" s, tile " + d.training().get("tile") + ", batch " + d.training().get("batch"));
			if (d.training().get("test") instanceof List<?> tests) for (Object test : tests)
				if (test instanceof Map<?, ?> record)
					listener.line("test metrics:   " + record.get("overall") + " on " + record.get("images"));
		}
	}
}
