package org.unetfiji.cli;

import java.io.PrintStream;

import org.unetfiji.api.CheckListener;
import org.unetfiji.api.CheckRequest;
import org.unetfiji.api.CheckTask;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engines;
import org.unetfiji.api.Parameters;

/**
 * {@code unet check model=NAME|PATH [engine=...]}: runs the model's test input and compares with its test output;
 * exit code 1 when they differ beyond the tolerance.
 */
final class CheckCommand implements CliCommand {

	@Override
	public String usage() {
		return "model=NAME|PATH [engine=auto] [device=auto]   run a model's test input, compare with its test output";
	}

	@Override
	public int run(Parameters parameters, PrintStream out, PrintStream err) throws Exception {
		String name = parameters.string("model");
		String engine = parameters.optional("engine", Engines.AUTO);
		DeviceChoice device = DeviceChoice.parse(parameters.optional(DeviceChoice.KEY, null));
		parameters.checkAllUsed();
		CheckRequest request = new CheckRequest(Models.locator().resolve(name), engine, device,
			CheckRequest.ABSOLUTE_TOLERANCE, CheckRequest.RELATIVE_TOLERANCE);
		return CheckTask.run(request, new CheckListener() {

			@Override
			public void line(String line) {
				out.println(line);
			}
		}, () -> false).passed() ? 0 : 1;
	}
}
