package org.unetfiji.engine;

import java.util.List;

/**
 * An engine as a plug-in: {@link Engines} finds the implementations listed in
 * {@code META-INF/services/org.unetfiji.engine.EngineProvider} with {@link java.util.ServiceLoader} in the engine
 * class loader. A provider is cheap to create and says what its engine can do without starting it; only
 * {@link #start()} loads the engine's libraries.
 */
public interface EngineProvider {

	/** The value of {@code engine=} that chooses this engine, e.g. {@code tensorflow}. */
	String key();

	/** The engine's name for messages, e.g. {@code TensorFlow}. */
	String title();

	/** The bioimage.io weight formats its engine runs, preferred first (see {@link Engine#weightFormats()}). */
	List<String> weightFormats();

	/** Whether {@link #start()} gives a {@link TrainingEngine}; most engines from elsewhere only predict. */
	default boolean canTrain() {
		return false;
	}

	/** The {@code device=} kinds its engine can run on, e.g. {@code [cpu, gpu]}; the CPU unless it says more. */
	default List<String> devices() {
		return List.of("cpu");
	}

	/**
	 * Whether its libraries have native code for a platform (TensorFlow Java has none for Intel Macs); an engine in
	 * pure Java runs everywhere.
	 */
	default boolean runsOn(Platform platform) {
		return true;
	}

	/**
	 * Where its native library for a platform lies in its jars, as resource paths of which one suffices (e.g. the CPU
	 * and the GPU build's): {@link Engines} looks for it before starting the engine, so that an installation with
	 * another platform's natives gets a clear message. None for an engine in pure Java, or a platform it does not
	 * run on.
	 */
	default List<String> nativeLibraries(Platform platform) {
		return List.of();
	}

	/**
	 * Starts the engine; {@link Engines} calls it once per JVM, under a host-wide lock, and keeps the engine.
	 *
	 * @throws LinkageError when the engine's libraries cannot be loaded
	 */
	Engine start();
}
