package org.unetfiji.engine;

import java.util.List;
import java.util.stream.Stream;

/**
 * The engine choice of every command, {@code engine=auto|tensorflow|onnx}: {@code tensorflow} runs a package's
 * TensorFlow SavedModel, {@code onnx} its ONNX weights, {@code auto} the first of the package's weight formats
 * that has an engine (packages list TensorFlow first, see {@code ModelDescriptor.weightFormats()}).
 * <p>
 * Engines are created by class name through a class loader, so that they can live in their own loader.
 */
public final class Engines {

	/** The value that picks an engine from the package's weights. */
	public static final String AUTO = "auto";

	private record Kind(String choice, String weightFormat, String className) {}

	private static final List<Kind> KINDS = List.of( //
		new Kind("tensorflow", "tensorflow_saved_model_bundle", "org.unetfiji.engine.tensorflow.TensorFlowEngine"),
		new Kind("onnx", "onnx", "org.unetfiji.engine.onnx.OnnxEngine"));

	private Engines() {}

	/** The values {@code engine=} accepts. */
	public static List<String> choices() {
		return Stream.concat(Stream.of(AUTO), KINDS.stream().map(Kind::choice)).toList();
	}

	/** The engine for a choice and a package's weight formats, created with this class's class loader. */
	public static Engine select(String choice, List<String> weightFormats) {
		return select(choice, weightFormats, Engines.class.getClassLoader());
	}

	/**
	 * The engine for a choice and a package's weight formats.
	 *
	 * @param weightFormats the package's bioimage.io weight format keys, in order of preference
	 * @param loader the class loader that holds the engines
	 * @throws IllegalArgumentException for an unknown choice, or one the package has no weights for
	 */
	public static Engine select(String choice, List<String> weightFormats, ClassLoader loader) {
		Kind kind;
		if (AUTO.equals(choice)) {
			kind = weightFormats.stream().flatMap(format -> KINDS.stream().filter(k -> k.weightFormat().equals(
				format))).findFirst().orElseThrow(() -> new IllegalArgumentException("the model's weights " +
					weightFormats + " have no engine here; supported: " + KINDS.stream().map(Kind::weightFormat)
						.toList()));
		}
		else {
			kind = KINDS.stream().filter(k -> k.choice().equals(choice)).findFirst().orElseThrow(
				() -> new IllegalArgumentException("unknown engine '" + choice + "'; choose one of " + choices()));
			if (!weightFormats.contains(kind.weightFormat())) throw new IllegalArgumentException("engine=" + choice +
				" needs " + kind.weightFormat() + " weights, but the model has " + weightFormats +
				"; use engine=auto");
		}
		try {
			return (Engine) Class.forName(kind.className(), true, loader).getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException | LinkageError e) {
			throw new IllegalStateException("the " + kind.choice() + " engine is not available: " + e, e);
		}
	}
}
