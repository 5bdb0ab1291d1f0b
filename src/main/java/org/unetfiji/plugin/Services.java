package org.unetfiji.plugin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The plug-ins registered for an interface in {@code META-INF/services}, found with {@link ServiceLoader}. A
 * registration whose class cannot be loaded (e.g. one visible to the host's class path but built against another
 * copy of the interface) is left out, so that it cannot take the others down with it.
 */
public final class Services {

	/** Broken registrations skipped before giving up: the iterator may repeat one error without advancing. */
	private static final int MAX_BROKEN = 64;

	private Services() {}

	/** The plug-ins of {@code type} that {@code loader} sees and can load, in class path order. */
	public static <T> List<T> available(Class<T> type, ClassLoader loader) {
		List<T> found = new ArrayList<>();
		Iterator<T> iterator = ServiceLoader.load(type, loader).iterator();
		for (int broken = 0; broken < MAX_BROKEN;) {
			try {
				if (!iterator.hasNext()) break;
				found.add(iterator.next());
			}
			catch (ServiceConfigurationError | LinkageError e) {
				broken++;
			}
		}
		return found;
	}
}
