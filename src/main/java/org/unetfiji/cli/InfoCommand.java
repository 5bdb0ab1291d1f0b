package org.unetfiji.cli;

import java.io.PrintStream;

import org.unetfiji.api.ModelInfoListener;
import org.unetfiji.api.ModelInfoRequest;
import org.unetfiji.api.ModelInfoTask;
import org.unetfiji.api.Parameters;

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
		var models = Models.locator();
		ModelInfoListener print = new ModelInfoListener() {

			@Override
			public void line(String line) {
				out.println(line);
			}
		};
		ModelInfoTask.run(new ModelInfoRequest(models, name == null ? null : models.resolve(name)), print, () -> false);
		return 0;
	}
}
