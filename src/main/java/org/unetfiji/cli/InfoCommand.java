package org.unetfiji.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.WeightsEntry;
import org.unetfiji.network.NetworkConfig;

/** {@code unet info [model=NAME|PATH]}: a model's summary, or the list of bundled models. */
final class InfoCommand implements CliCommand {

	@Override
	public String usage() {
		return "[model=NAME|PATH]   describe a model, or list the bundled ones";
	}

	@Override
	public int run(Parameters parameters, PrintStream out, PrintStream err) throws Exception {
		String name = parameters.optional("model", null);
		parameters.checkAllUsed();
		if (name == null) {
			var locator = Models.locator();
			out.println("models in " + locator.modelsFolder() + ":");
			for (String model : locator.availableModels())
				out.println("  " + model);
			return 0;
		}
		try (ModelPackage model = Models.open(name)) {
			ModelDescriptor d = model.descriptor();
			out.println("model:          " + d.name());
			out.println("location:       " + model.source());
			out.println("description:    " + d.description());
			if (d.hasNetworkConfig()) {
				NetworkConfig config = NetworkConfig.fromMap(d.network());
				out.println("network:        " + config);
				out.println("parameters:     " + config.parameterCount());
				out.println("receptive field " + java.util.Arrays.toString(config.receptiveField()) +
					" px; sizes: multiples of " + java.util.Arrays.toString(config.sizeMultiple()));
			}
			else out.println("network:        not described (a model from elsewhere: no config.unet)");
			out.println("classes:        " + String.join(", ", d.classNames()));
			out.println("element size:   " + d.elementSizeUm() + " µm");
			out.println("normalisation:  " + d.normalization().method() + " " + d.normalization().parameters());
			Map<String, WeightsEntry> weights = d.weights();
			if (d.weightFormats().contains(ModelDescriptor.TENSORFLOW_WEIGHTS)) out.println("weights:        " +
				"TensorFlow SavedModel (" + weights.get(ModelDescriptor.TENSORFLOW_WEIGHTS).attribute(
					ModelDescriptor.TENSORFLOW_VERSION) + ")");
			if (d.weightFormats().contains(ModelDescriptor.ONNX_WEIGHTS)) out.println("weights:        ONNX, opset " +
				weights.get(ModelDescriptor.ONNX_WEIGHTS).attribute(ModelDescriptor.OPSET_VERSION));
			if (d.created() != null) out.println("created:        " + d.created() + " by U-Net for Fiji " + d
				.unetFijiVersion());
			Object steps = d.training().get("steps");
			if (steps != null) out.println("training:       " + steps + " steps, " + d.training().get("seconds") +
				" s, tile " + d.training().get("tile") + ", batch " + d.training().get("batch"));
			if (d.training().get("test") instanceof List<?> tests) for (Object test : tests)
				if (test instanceof Map<?, ?> record) out.println("test metrics:   " + record.get("overall") + " on " +
					record.get("images"));
			return 0;
		}
	}
}
