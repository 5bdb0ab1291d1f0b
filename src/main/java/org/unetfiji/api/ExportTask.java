package org.unetfiji.api;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.unetfiji.model.ModelPackage;
import org.unetfiji.export.onnx.OnnxExport;

/**
 * Writes a copy of a model package with ONNX weights added, checked against the model's test output (the work of
 * {@code ./unet export}).
 */
public final class ExportTask {

	/**
	 * @param weights the weights file written
	 * @param exported the new model package
	 * @param runtime the engine that reproduced the test output
	 * @param maxDifference the largest difference from the test output
	 */
	public record Result(Path weights, Path exported, String runtime, double maxDifference) {}

	private ExportTask() {}

	/**
	 * @throws IllegalArgumentException when the model cannot be exported
	 * @throws java.io.IOException when the output exists or the export does not reproduce the test output
	 */
	public static Result run(ExportRequest request, ExportListener listener, BooleanSupplier cancelled)
		throws Exception
	{
		Result[] result = new Result[1];
		Cancellation.during(cancelled, () -> {
			try (ModelPackage model = ModelPackage.open(request.model())) {
				Path folder = request.output() != null ? request.output() : model.source()
					.resolveSibling(model.source().getFileName().toString().replaceFirst("(?i)\\.zip$", "") + "-onnx");
				listener.status("exporting " + model.descriptor().name() + " to " + folder);
				OnnxExport.Result export = OnnxExport.export(model, folder);
				try (ModelPackage exported = export.exported()) {
					result[0] = new Result(exported.weights(ExportRequest.ONNX), exported.source(), export.runtime(),
						export.maxDifference());
				}
			}
		});
		return result[0];
	}
}
