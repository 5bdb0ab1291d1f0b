package org.unetfiji.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.unetfiji.api.TrainRequest;

/**
 * Finetunes an existing model on image/label pairs, exactly as {@code ./unet train model=...}: the network and
 * normalisation of the model go on learning, and the result is written as a new model package to a new folder;
 * the source model is never changed.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>U-Net>U-Net Finetune",
	description = "Finetune a U-Net model on image/label pairs into a new model")
public class UNetFinetune extends UNetTrainingCommand {

	@Parameter(label = "Model", description = "the model to start from: a name from the models folder, or the " +
		"path of a model folder or .zip", required = false, persist = false, style = ModelFolder.STYLE)
	private String model;

	@Parameter(label = "Freeze encoder", description = "train only the decoder and the output layer", required = false,
		persist = false)
	private boolean freezeEncoder;

	@Override
	protected void chooseNetwork(TrainRequest.Builder request) throws Exception {
		request.finetune(ModelFolder.resolve(required("model", model, "the model to finetune: a name or path")),
			freezeEncoder);
	}
}
