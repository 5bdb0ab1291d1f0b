package org.unetfiji.cli;

import java.io.PrintStream;
import java.nio.file.Path;

import org.unetfiji.model.ModelPackage;
import org.unetfiji.onnx.OnnxExport;

/**
 * {@code unet export model=NAME|PATH format=onnx [output=DIR]}: writes a copy of the model package with ONNX
 * weights added (default: {@code NAME-onnx} beside the model); the model itself is not changed.
 */
final class ExportCommand implements CliCommand {

	@Override
	public String usage() {
		return "model=NAME|PATH format=onnx [output=DIR]   copy a model with ONNX weights added (default DIR: "
			+ "NAME-onnx beside it)";
	}

	@Override
	public int run(Parameters parameters, PrintStream out, PrintStream err) throws Exception {
		String name = parameters.string("model");
		String format = parameters.optional("format", "onnx");
		if (!format.equals("onnx")) throw new IllegalArgumentException("format=" + format + " is not supported; "
			+ "use format=onnx");
		String output = parameters.optional("output", null);
		parameters.checkAllUsed();
		try (ModelPackage model = Models.open(name)) {
			Path folder = output != null ? Path.of(output) : model.source().resolveSibling(model.source().getFileName()
				.toString().replaceFirst("(?i)\\.zip$", "") + "-onnx");
			OnnxExport.Result result = OnnxExport.export(model, folder);
			try (ModelPackage exported = result.exported()) {
				out.printf("ONNX weights written to %s (%s); %s reproduces the test output within %.1e%n", exported
					.weights("onnx"), exported.source(), result.runtime(), result.maxDifference());
			}
			return 0;
		}
	}
}
