package org.unetfiji.engine;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The child-first class loader that holds the TensorFlow and PyTorch engines: TensorFlow Java, protobuf, javacpp,
 * ndarray and DJL (and the engine implementations) are loaded only from its own jars, never from the host, so that
 * other versions of them on a Fiji class path (protobuf 4, the legacy {@code libtensorflow} 1.x jars with the same
 * class names, another plugin's DJL) cannot interfere. Everything else, the engine interface and {@code java.*} included, comes from the parent,
 * so that only the parent's {@link Engine} type crosses the boundary. Resources are looked up here first (javacpp
 * finds its native libraries as resources).
 */
final class EngineClassLoader extends URLClassLoader {

	/** Packages that must come from the engine's own jars only. */
	private static final String[] CHILD_ONLY = { "org.tensorflow.", "com.google.protobuf.", "org.bytedeco.",
		"org.unetfiji.engine.tensorflow.", "ai.djl.", "org.unetfiji.engine.pytorch." };

	static {
		registerAsParallelCapable();
	}

	EngineClassLoader(List<URL> jars, ClassLoader parent) {
		super("unet-engine", jars.toArray(URL[]::new), parent);
	}

	static boolean isChildOnly(String className) {
		for (String prefix : CHILD_ONLY)
			if (className.startsWith(prefix)) return true;
		return false;
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		if (!isChildOnly(name)) return super.loadClass(name, resolve);
		synchronized (getClassLoadingLock(name)) {
			Class<?> c = findLoadedClass(name);
			if (c == null) c = findClass(name);
			if (resolve) resolveClass(c);
			return c;
		}
	}

	@Override
	public URL getResource(String name) {
		URL own = findResource(name);
		return own != null ? own : super.getResource(name);
	}

	@Override
	public Enumeration<URL> getResources(String name) throws IOException {
		List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
		if (getParent() != null) all.addAll(Collections.list(getParent().getResources(name)));
		return Collections.enumeration(all);
	}
}
