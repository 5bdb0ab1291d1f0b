package org.unetfiji.fiji;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.unetfiji.api.ModelInfoListener;
import org.unetfiji.api.ModelInfoRequest;
import org.unetfiji.api.ModelInfoTask;

/**
 * Describes a model (network, classes, receptive field, normalisation, training), as {@code ./unet info}; without
 * a model, lists the models in the models folder.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>U-Net>U-Net Model Info",
	description = "Describe a U-Net model, or list the installed ones")
public class UNetModelInfo extends UNetCommand {

	@Parameter(label = "Model",
		description = "a model name or path; empty (a macro without model=) lists the " + "installed models",
		required = false, persist = false, style = ModelFolder.STYLE)
	private String model;

	@Parameter(type = ItemIO.OUTPUT)
	private String info;

	@Override
	protected void execute() throws Exception {
		var models = ModelFolder.locator();
		StringBuilder lines = new StringBuilder();
		ModelInfoRequest request = new ModelInfoRequest(models,
			model == null || model.isBlank() ? null : models.resolve(model.strip()));
		ModelInfoTask.run(request, new ModelInfoListener() {

			@Override
			public void line(String line) {
				lines.append(line).append('\n');
			}
		}, this::stopRequested);
		info = lines.toString().strip();
	}
}
