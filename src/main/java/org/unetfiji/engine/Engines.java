package org.unetfiji.engine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

/**
 * The engines of this JVM and the engine choice of every command, {@code engine=auto|tensorflow|onnx}:
 * {@code tensorflow} runs a package's TensorFlow SavedModel, {@code onnx} its ONNX weights, {@code auto} the first of
 * the package's weight formats that has an engine (packages list TensorFlow first).
 * <p>
 * Installed into Fiji or ImageJ ({@code mvn -Dscijava.app.directory=APP install}), the plugin jar sits in
 * {@code APP/plugins/} and TensorFlow with its libraries in {@code APP/lib/unet-fiji-engine/}, off the application's
 * class path; the engine is then loaded from there in an {@link EngineClassLoader}, isolated from conflicting
 * versions on the host's class path. Elsewhere (the command line, tests) the engine comes from the class path.
 * The system property {@value #ENGINE_FOLDER_PROPERTY} names the engine folder explicitly.
 */
public final class Engines {

	/** System property: the folder holding the engine's jars. */
	public static final String ENGINE_FOLDER_PROPERTY = "unet.engine.folder";
	/** Where the engine's jars are installed, relative to the application folder. */
	public static final String ENGINE_FOLDER = "lib/unet-fiji-engine";

	/** The value that picks an engine from the package's weights. */
	public static final String AUTO = "auto";

	private record Kind(String choice, String weightFormat, String className) {}

	private static final Kind TENSORFLOW = new Kind("tensorflow", "tensorflow_saved_model_bundle",
		"org.unetfiji.engine.tensorflow.TensorFlowEngine");
	private static final List<Kind> KINDS = List.of(TENSORFLOW, new Kind("onnx", "onnx",
		"org.unetfiji.engine.onnx.OnnxEngine"));
	private static ClassLoader loader;
	private static Engine tensorFlow;

	private Engines() {}

	/** The values {@code engine=} accepts. */
	public static List<String> choices() {
		return Stream.concat(Stream.of(AUTO), KINDS.stream().map(Kind::choice)).toList();
	}

	/**
	 * The engine for a choice and a package's weight formats.
	 *
	 * @param weightFormats the package's bioimage.io weight format keys, in order of preference
	 * @throws IllegalArgumentException for an unknown choice, or one the package has no weights for
	 */
	public static Engine select(String choice, List<String> weightFormats) {
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
		return kind == TENSORFLOW ? tensorFlow() : instantiate(kind.className());
	}

	/**
	 * The TensorFlow engine, started on first use. Class loaders never unload, so there is one per JVM.
	 *
	 * @throws IllegalStateException when the engine cannot be started
	 */
	public static synchronized Engine tensorFlow() {
		if (tensorFlow == null) {
			Engine engine = instantiate(TENSORFLOW.className());
			try {
				initialiseOncePerHost(engine);
			}
			catch (IOException | LinkageError e) {
				throw new IllegalStateException("cannot start TensorFlow: " + e, e);
			}
			tensorFlow = engine;
		}
		return tensorFlow;
	}

	/** The installed engine folder, if this plugin has one (see the class comment). */
	static Optional<Path> engineFolder() {
		String property = System.getProperty(ENGINE_FOLDER_PROPERTY);
		if (property != null && !property.isBlank()) return Optional.of(Path.of(property));
		return ownLocation().filter(Files::isRegularFile).map(jar -> jar.toAbsolutePath().getParent().getParent())
			.map(app -> app.resolve(ENGINE_FOLDER)).filter(Files::isDirectory);
	}

	/** An engine created in the engine class loader. */
	private static synchronized Engine instantiate(String className) {
		Optional<Path> folder = engineFolder();
		try {
			if (loader == null) loader = folder.isPresent() ? new EngineClassLoader(engineJars(folder.get()),
				Engines.class.getClassLoader()) : Engines.class.getClassLoader();
			return Class.forName(className, true, loader).asSubclass(Engine.class).getDeclaredConstructor()
				.newInstance();
		}
		catch (ReflectiveOperationException | IOException | LinkageError e) {
			throw new IllegalStateException("cannot start the engine " + className + folder.map(f -> " from " + f)
				.orElse("") + ": " + e, e);
		}
	}

	/** The engine folder's jars, then this plugin's own jar (which holds the engine implementation). */
	private static List<URL> engineJars(Path folder) throws IOException {
		List<URL> urls = new ArrayList<>();
		try (var files = Files.list(folder)) {
			for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList())
				urls.add(jar.toUri().toURL());
		}
		if (urls.isEmpty()) throw new IOException("the engine folder " + folder +
			" holds no jars; reinstall the plugin with mvn -Dscijava.app.directory=... install");
		urls.add(ownLocation().orElseThrow(() -> new IOException("cannot locate the plugin's own classes")).toUri()
			.toURL());
		return urls;
	}

	/**
	 * Loads TensorFlow's native libraries under a host-wide file lock: JVMs unpacking them into an empty javacpp
	 * cache at the same time have crashed.
	 *
	 * @throws CancellationException when the thread is interrupted (a cancelled command) while waiting
	 */
	private static void initialiseOncePerHost(Engine engine) throws IOException {
		Path lock = Path.of(System.getProperty("java.io.tmpdir"), "unet-fiji-tensorflow-init.lock");
		try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock held = channel.lock())
		{
			engine.name();
		}
		catch (FileLockInterruptionException | ClosedByInterruptException e) {
			throw new CancellationException("cancelled while starting TensorFlow");
		}
	}

	/** The jar or class folder this class was loaded from. */
	private static Optional<Path> ownLocation() {
		try {
			var source = Engines.class.getProtectionDomain().getCodeSource();
			return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
		}
		catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
			return Optional.empty();
		}
	}
}
