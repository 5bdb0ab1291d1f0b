package org.unetfiji.fiji;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.unetfiji.api.CheckListener;
import org.unetfiji.api.CheckRequest;
import org.unetfiji.api.CheckResult;
import org.unetfiji.api.CheckTask;
import org.unetfiji.engine.Engines;

/**
 * Runs a model's test input through its processing and engine and compares with its test output, as
 * {@code ./unet check}; for this plugin's models and bioimage.io models from elsewhere.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>U-Net>U-Net Check Model",
	description = "Check that a model reproduces its test output here")
public class UNetCheckModel extends UNetCommand {

	@Parameter(label = "Model", description = "a model name, or the path of a model folder, .zip or descriptor",
		persist = false, style = ModelFolder.STYLE)
	private String model;

	@Parameter(label = "Engine", description = "auto, or the engine to check with", required = false, persist = false)
	private String engine = Engines.AUTO;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Parameter(type = ItemIO.OUTPUT)
	private boolean passed;

	@Override
	protected void execute() throws Exception {
		StringBuilder lines = new StringBuilder();
		CheckRequest request = CheckRequest.defaults(ModelFolder.locator().resolve(model.strip()))
			.withEngine(engine == null || engine.isBlank() ? Engines.AUTO : engine.strip());
		CheckResult result = CheckTask.run(request, new CheckListener() {

			@Override
			public void line(String line) {
				lines.append(line).append('\n');
			}
		}, this::stopRequested);
		report = lines.toString().strip();
		passed = result.passed();
	}
}
