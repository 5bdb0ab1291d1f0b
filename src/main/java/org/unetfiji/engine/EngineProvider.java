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
	 * Where its native library lies for each platform its libraries have native code for (TensorFlow Java has none
	 * for Intel Macs): {@link Engines} looks for it before starting the engine, so that a platform without it, or an
	 * installation with another platform's natives, gets a clear message. {@link NativeLibraries#NONE} for an engine
	 * in pure Java.
	 */
	default NativeLibraries natives() {
		return NativeLibraries.NONE;
	}

	/**
	 * Starts the engine; {@link Engines} calls it once per JVM, under a host-wide lock, and keeps the engine.
	 *
	 * @throws LinkageError when the engine's libraries cannot be loaded
	 */
	Engine start();
}
