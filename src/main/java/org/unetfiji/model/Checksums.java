package org.unetfiji.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * SHA-256 checksums of files and folders, as lower-case hex text.
 * <p>
 * A folder's checksum is the SHA-256 of a manifest with one line {@code <sha256 of file>  <relative path>\n}
 * (two spaces) per regular file, the paths written with {@code /} and sorted by their UTF-8 bytes. This is
 * exactly what GNU coreutils give:
 * {@code cd FOLDER && find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum}.
 * Empty folders do not count; symbolic links and file names holding a newline or a backslash are refused.
 */
public final class Checksums {

	private static final int BUFFER_SIZE = 1 << 16;

	private Checksums() {}

	/** The SHA-256 of one file's content. */
	public static String sha256(Path file) throws IOException {
		MessageDigest digest = newDigest();
		try (InputStream in = Files.newInputStream(file)) {
			byte[] buffer = new byte[BUFFER_SIZE];
			for (int n; (n = in.read(buffer)) > 0;) {
				digest.update(buffer, 0, n);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	/** The SHA-256 of a folder's regular files, by the manifest rule in the class description. */
	public static String sha256Folder(Path folder) throws IOException {
		StringBuilder manifest = new StringBuilder();
		for (String relative : regularFiles(folder)) {
			manifest.append(sha256(folder.resolve(relative))).append("  ").append(relative).append('\n');
		}
		MessageDigest digest = newDigest();
		return HexFormat.of().formatHex(digest.digest(manifest.toString().getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * The regular files under a folder as relative {@code /}-separated paths, sorted by their UTF-8 bytes.
	 *
	 * @throws IOException if the folder holds a symbolic link or a file name with a newline or backslash
	 */
	static List<String> regularFiles(Path folder) throws IOException {
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			throw new IOException(folder + " is not a folder");
		}
		List<String> files = new ArrayList<>();
		try (Stream<Path> walk = Files.walk(folder)) {
			for (Path path : (Iterable<Path>) walk::iterator) {
				if (Files.isSymbolicLink(path)) {
					throw new IOException("symbolic link " + path + " is not allowed in a model; replace it by " +
						"a copy of the file it points to");
				}
				if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
					StringBuilder relative = new StringBuilder();
					for (Path part : folder.relativize(path)) {
						if (relative.length() > 0) relative.append('/');
						relative.append(part);
					}
					String name = relative.toString();
					if (name.indexOf('\n') >= 0 || name.indexOf('\\') >= 0) {
						throw new IOException("file name '" + name + "' holds a newline or backslash; rename it");
					}
					files.add(name);
				}
			}
		}
		files.sort(
			(a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
		return files;
	}

	private static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}
}
