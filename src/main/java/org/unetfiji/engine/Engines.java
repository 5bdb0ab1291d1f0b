package org.unetfiji.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import org.unetfiji.plugin.Services;

/**
 * The engines of this JVM and the engine choice of every command, {@code engine=auto|KEY}: each
 * {@link EngineProvider} found in the engine class loader adds its key (here {@code tensorflow}, which runs a
 * package's TensorFlow SavedModel, {@code onnx}, its ONNX weights, and {@code torchscript}, its TorchScript weights);
 * {@code auto} picks the first of the package's weight formats that has an engine (packages list TensorFlow first).
 * <p>
 * Installed into Fiji or ImageJ ({@code mvn -Dscijava.app.directory=APP install}), the plugin jar sits in
 * {@code APP/plugins/} and TensorFlow with its libraries in {@code APP/lib/unet-fiji-engine/}, off the application's
 * class path; the engines are then loaded from there in an {@link EngineClassLoader}, isolated from conflicting
 * versions on the host's class path. Elsewhere (the command line, tests) they come from the class path.
 * The system property {@value #ENGINE_FOLDER_PROPERTY} names the engine folder explicitly. Each engine is started
 * once per JVM (class loaders never unload), the first time under a host-wide lock.
 */
public final class Engines {

	/** System property: the folder holding the engine's jars. */
	public static final String ENGINE_FOLDER_PROPERTY = "unet.engine.folder";
	/** Where the engine's jars are installed, relative to the application folder. */
	public static final String ENGINE_FOLDER = "lib/unet-fiji-engine";

	/** The value that picks an engine from the package's weights. */
	public static final String AUTO = "auto";
	/** The key of the engine that trains. */
	public static final String TENSORFLOW = "tensorflow";

	private static ClassLoader loader;
	private static List<EngineProvider> providers;
	private static final Map<String, Engine> STARTED = new HashMap<>();

	private Engines() {}

	/**
	 * The engine providers: this plugin's own first, then others in class path order (registrations that cannot be
	 * loaded left out, see {@link Services}).
	 *
	 * @throws IllegalStateException when the engine class loader cannot be created
	 */
	public static synchronized List<EngineProvider> providers() {
		if (providers == null) {
			List<EngineProvider> found = Services.available(EngineProvider.class, loader());
			List<String> own = ownProviderNames();
			providers = found.stream().sorted(Comparator.comparing(p -> {
				int index = own.indexOf(p.getClass().getName());
				return index < 0 ? own.size() : index;
			})).toList();
		}
		return providers;
	}

	/** The provider classes that this plugin's own jar (or class folder) registers, in its order. */
	private static List<String> ownProviderNames() {
		Optional<Path> own = ownLocation();
		if (own.isEmpty()) return List.of();
		try (URLClassLoader ownOnly = new URLClassLoader(new URL[]{ own.get().toUri().toURL() }, null)) {
			URL services = ownOnly.findResource("META-INF/services/" + EngineProvider.class.getName());
			if (services == null) return List.of();
			try (InputStream in = services.openStream()) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
					.map(line -> line.replaceAll("#.*", "").strip()).filter(line -> !line.isEmpty()).toList();
			}
		}
		catch (IOException e) {
			return List.of();
		}
	}

	/** The values {@code engine=} accepts: {@value #AUTO}, then the providers' keys. */
	public static List<String> choices() {
		return Stream.concat(Stream.of(AUTO), providers().stream().map(EngineProvider::key)).toList();
	}

	/** The weight formats some engine runs, in the providers' order. */
	public static List<String> weightFormats() {
		return providers().stream().flatMap(p -> p.weightFormats().stream()).distinct().toList();
	}

	/**
	 * The engine for a choice and a package's weight formats, started on first use.
	 *
	 * @param weightFormats the package's bioimage.io weight format keys, in order of preference
	 * @throws IllegalArgumentException for an unknown choice, one the package has no weights for, or one that
	 *             cannot run on this platform (see {@link EngineChoice})
	 * @throws IllegalStateException when the engine cannot be started
	 */
	public static Engine select(String choice, List<String> weightFormats) {
		return start(choose(choice, weightFormats));
	}

	/**
	 * Which engine a choice and a package's weight formats give on this platform, with the note to show when
	 * {@code engine=auto} passed over one; not started yet.
	 *
	 * @throws IllegalArgumentException as {@link #select}
	 */
	public static EngineChoice choose(String choice, List<String> weightFormats) {
		return EngineChoice.of(choice, weightFormats, providers(), Platform.current(), Engines::installed);
	}

	/**
	 * The chosen engine, started once per JVM.
	 *
	 * @throws IllegalStateException when the engine cannot be started
	 */
	public static Engine start(EngineChoice choice) {
		return start(choice.provider());
	}

	/**
	 * The engine that trains: TensorFlow, started on first use.
	 *
	 * @throws IllegalArgumentException when it cannot run on this platform
	 * @throws IllegalStateException when the engine cannot be started
	 */
	public static TrainingEngine tensorFlow() {
		return training(TENSORFLOW);
	}

	/**
	 * An engine that trains, by its key, started on first use.
	 *
	 * @throws IllegalArgumentException for an unknown key, an engine that only predicts, or one that cannot run on
	 *             this platform
	 * @throws IllegalStateException when the engine cannot be started
	 */
	public static TrainingEngine training(String key) {
		return (TrainingEngine) start(
			EngineChoice.forTraining(key, providers(), Platform.current(), Engines::installed).provider());
	}

	/** Whether a resource, e.g. an engine's native library, is in the engine class loader's jars. */
	private static boolean installed(String resource) {
		return loader().getResource(resource) != null;
	}

	/** The provider's engine, started once per JVM. */
	private static synchronized Engine start(EngineProvider provider) {
		Engine engine = STARTED.get(provider.key());
		if (engine == null) {
			try {
				engine = startOncePerHost(provider);
			}
			catch (IOException | LinkageError e) {
				throw new IllegalStateException("cannot start " + provider.title() + ": " + e, e);
			}
			STARTED.put(provider.key(), engine);
		}
		return engine;
	}

	/** The installed engine folder, if this plugin has one (see the class comment). */
	static Optional<Path> engineFolder() {
		String property = System.getProperty(ENGINE_FOLDER_PROPERTY);
		if (property != null && !property.isBlank()) return Optional.of(Path.of(property));
		return ownLocation().filter(Files::isRegularFile).map(jar -> jar.toAbsolutePath().getParent().getParent())
			.map(app -> app.resolve(ENGINE_FOLDER)).filter(Files::isDirectory);
	}

	/** The class loader holding the engines: an {@link EngineClassLoader} where an engine folder is installed. */
	private static synchronized ClassLoader loader() {
		if (loader == null) {
			Optional<Path> folder = engineFolder();
			try {
				loader = folder.isPresent()
					? new EngineClassLoader(engineJars(folder.get()), Engines.class.getClassLoader())
					: Engines.class.getClassLoader();
			}
			catch (IOException e) {
				throw new IllegalStateException("cannot load the engines from " + folder.get() + ": " + e, e);
			}
		}
		return loader;
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
		urls.add(
			ownLocation().orElseThrow(() -> new IOException("cannot locate the plugin's own classes")).toUri().toURL());
		return urls;
	}

	/**
	 * Starts an engine and loads its native libraries under a host-wide file lock: JVMs unpacking TensorFlow's into
	 * an empty javacpp cache at the same time have crashed.
	 *
	 * @throws CancellationException when the thread is interrupted (a cancelled command) while waiting
	 */
	private static Engine startOncePerHost(EngineProvider provider) throws IOException {
		Path lock = Path.of(System.getProperty("java.io.tmpdir"), "unet-fiji-" + provider.key() + "-init.lock");
		try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock held = channel.lock())
		{
			Engine engine = provider.start();
			engine.name();
			return engine;
		}
		catch (FileLockInterruptionException | ClosedByInterruptException e) {
			throw new CancellationException("cancelled while starting " + provider.title());
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
