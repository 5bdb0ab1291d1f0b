package org.unetfiji.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Watches {@code java.io.tmpdir} for entries created while it is open, so a test sees even a scratch folder that
 * was deleted again before the test looked.
 */
final class TmpWatch implements AutoCloseable {

	private final WatchService watcher;

	TmpWatch() throws IOException {
		Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
		watcher = tmp.getFileSystem().newWatchService();
		tmp.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
	}

	/** The names created so far, waiting a second for events still on their way. */
	List<String> created() throws InterruptedException {
		List<String> names = new ArrayList<>();
		for (WatchKey key = watcher.poll(1, TimeUnit.SECONDS); key != null; key = watcher.poll(1, TimeUnit.SECONDS)) {
			for (WatchEvent<?> event : key.pollEvents())
				names.add(String.valueOf(event.context()));
			key.reset();
		}
		return names;
	}

	@Override
	public void close() throws IOException {
		watcher.close();
	}
}
