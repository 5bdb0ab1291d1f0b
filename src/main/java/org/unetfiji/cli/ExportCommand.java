package org.unetfiji.cli;

import java.io.PrintStream;
import java.nio.file.Path;

import org.unetfiji.api.ExportListener;
import org.unetfiji.api.ExportRequest;
import org.unetfiji.api.ExportTask;
import org.unetfiji.api.Parameters;

/**
 * {@code unet export model=NAME|PATH format=onnx [output=DIR]}: writes a copy of the model package with ONNX
 * weights added (default: {@code NAME-onnx} beside the model); the model itself is not changed.
 */
final class ExportCommand implements CliCommand {

	@Override
	public String usage() {
		return "model=NAME|PATH format=onnx [output=DIR]   copy a model with ONNX weights added (default DIR: " +
			"NAME-onnx beside it)";
	}

	@Override
	public int run(Parameters parameters, PrintStream out, PrintStream err) throws Exception {
		String name = parameters.string("model");
		String format = parameters.optional("format", ExportRequest.ONNX);
		String output = parameters.optional("output", null);
		parameters.checkAllUsed();
		ExportRequest.checkFormat(format);
		ExportRequest request = new ExportRequest(Models.locator().resolve(name), format,
			output == null ? null : Path.of(output));
		ExportTask.Result result = ExportTask.run(request, new ExportListener() {}, () -> false);
		out.printf("ONNX weights written to %s (%s); %s reproduces the test output within %.1e%n", result.weights(),
			result.exported(), result.runtime(), result.maxDifference());
		return 0;
	}
}
