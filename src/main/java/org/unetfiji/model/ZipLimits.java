package org.unetfiji.model;

/**
 * Limits on what a model {@code .zip} may expand to, against damaged or malicious archives.
 *
 * @param maxTotalBytes the most bytes all entries together may expand to
 * @param maxEntries the most entries the archive may hold
 */
public record ZipLimits(long maxTotalBytes, int maxEntries) {

	/** 2 GiB in at most 10,000 entries. */
	public static final ZipLimits DEFAULT = new ZipLimits(2L << 30, 10_000);

	public ZipLimits {
		if (maxTotalBytes < 1 || maxEntries < 1) throw new IllegalArgumentException("zip limits must be positive");
	}
}
