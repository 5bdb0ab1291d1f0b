package org.unetfiji.model;

/**
 * A file or folder inside a model package and its SHA-256 (see {@link Checksums} for folders).
 *
 * @param source the path relative to the package folder, with {@code /} separators
 * @param sha256 lower-case hex; {@code null} only for a test tensor of a 0.4 description, which records none
 */
public record FileReference(String source, String sha256) {

	public FileReference {
		if (source == null || source.isBlank()) throw new IllegalArgumentException("source must be given");
		if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, not '" + sha256 + "'");
		}
	}
}
