package org.unetfiji.api;

import java.nio.file.Path;

/**
 * Copy a model with weights in another format added; the model itself is not changed.
 *
 * @param model the model folder or .zip (see {@link org.unetfiji.model.ModelLocator#resolve})
 * @param format the format to add; only {@value #ONNX} so far
 * @param output the new package folder; {@code null} for {@code NAME-onnx} beside the model
 */
public record ExportRequest(Path model, String format, Path output) {

	/** The format exported by default, and the only one so far. */
	public static final String ONNX = "onnx";

	public ExportRequest {
		if (model == null) throw new IllegalArgumentException("missing parameter model=...");
		checkFormat(format);
	}

	/** Checks a format before the model is looked up, so that a wrong call is reported as one. */
	public static void checkFormat(String format) {
		if (!ONNX.equals(format))
			throw new IllegalArgumentException("format=" + format + " is not supported; " + "use format=onnx");
	}
}
