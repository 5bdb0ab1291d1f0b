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

/**
 * The one TensorFlow {@link Engine} of this JVM.
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

	private static final String ENGINE_CLASS = "org.unetfiji.engine.tensorflow.TensorFlowEngine";
	private static Engine tensorFlow;

	private Engines() {}

	/**
	 * The TensorFlow engine, started on first use. Class loaders never unload, so there is one per JVM.
	 *
	 * @throws IllegalStateException when the engine cannot be started
	 */
	public static synchronized Engine tensorFlow() {
		if (tensorFlow == null) tensorFlow = start(engineFolder());
		return tensorFlow;
	}

	/** The installed engine folder, if this plugin has one (see the class comment). */
	static Optional<Path> engineFolder() {
		String property = System.getProperty(ENGINE_FOLDER_PROPERTY);
		if (property != null && !property.isBlank()) return Optional.of(Path.of(property));
		return ownLocation().filter(Files::isRegularFile).map(jar -> jar.toAbsolutePath().getParent().getParent())
			.map(app -> app.resolve(ENGINE_FOLDER)).filter(Files::isDirectory);
	}

	private static Engine start(Optional<Path> folder) {
		ClassLoader loader = Engines.class.getClassLoader();
		try {
			if (folder.isPresent()) loader = new EngineClassLoader(engineJars(folder.get()), loader);
			Engine engine = Class.forName(ENGINE_CLASS, true, loader).asSubclass(Engine.class)
				.getDeclaredConstructor().newInstance();
			initialiseOncePerHost(engine);
			return engine;
		}
		catch (ReflectiveOperationException | IOException | LinkageError e) {
			throw new IllegalStateException("cannot start TensorFlow" + folder.map(f -> " from " + f).orElse("") +
				": " + e, e);
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
