package org.unetfiji.fiji;

import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Describes a model (network, classes, receptive field, normalisation, training), as {@code ./unet info}; without
 * a model, lists the models in the models folder.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>U-Net>U-Net Model Info",
	description = "Describe a U-Net model, or list the installed ones")
public class UNetModelInfo extends UNetCommand {

	@Parameter(label = "Model", description = "a model name or path; empty lists the installed models",
		required = false, persist = false)
	private String model;

	@Parameter(type = ItemIO.OUTPUT)
	private String info;

	@Override
	protected void execute() throws Exception {
		if (model == null || model.isBlank()) {
			var locator = ModelFolder.locator();
			info = "models in " + locator.modelsFolder() + ":\n  " + String.join("\n  ", locator.availableModels());
		}
		else info = CommandLineCall.run("info", Map.of("model", ModelFolder.resolve(model.strip())), status, log);
	}
}
