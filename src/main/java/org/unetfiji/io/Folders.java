package org.unetfiji.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Folder trees that the work writes aside (temporary packages, checkpoints) and removes again. */
public final class Folders {

	private Folders() {}

	/** Deletes a file or folder tree, deepest entries first; nothing when it does not exist. */
	public static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) return;
		try (var paths = Files.walk(root)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList())
				Files.deleteIfExists(p);
		}
	}
}
