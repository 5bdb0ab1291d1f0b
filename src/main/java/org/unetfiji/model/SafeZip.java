package org.unetfiji.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Extracts archives without letting entries escape the target or exceed limits; writes reproducible ones. */
final class SafeZip {

	/** A fixed entry time, so that the same files always give the same archive bytes. */
	private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);
	private static final String ADVICE = " The archive is damaged or not a genuine model; get the model again " +
		"from its source.";

	private SafeZip() {}

	/**
	 * Extracts {@code zip} into the empty folder {@code target}.
	 *
	 * @throws ModelPackageException if the file is not a zip, an entry would land outside {@code target} (an
	 *           absolute path, a drive letter or a {@code ..} step), a name repeats, or the limits are exceeded
	 */
	static void extract(Path zip, Path target, ZipLimits limits) throws ModelPackageException {
		Path root = target.toAbsolutePath().normalize();
		try (ZipFile archive = new ZipFile(zip.toFile())) {
			if (archive.size() > limits.maxEntries()) {
				throw refuse(zip,
					"it holds " + archive.size() + " entries, more than the limit of " + limits.maxEntries() + ".");
			}
			long declared = 0;
			for (Enumeration<? extends ZipEntry> e = archive.entries(); e.hasMoreElements();) {
				declared += Math.max(0, e.nextElement().getSize());
			}
			if (declared > limits.maxTotalBytes()) {
				throw refuse(zip,
					"it expands to " + declared + " bytes, more than the limit of " + limits.maxTotalBytes() + ".");
			}
			long written = 0;
			for (Enumeration<? extends ZipEntry> e = archive.entries(); e.hasMoreElements();) {
				ZipEntry entry = e.nextElement();
				Path destination = destination(root, entry.getName(), zip);
				if (entry.isDirectory()) {
					Files.createDirectories(destination);
					continue;
				}
				Files.createDirectories(destination.getParent());
				if (Files.exists(destination)) {
					throw refuse(zip, "the entry '" + entry.getName() + "' appears twice.");
				}
				try (InputStream in = archive.getInputStream(entry);
					OutputStream out = Files.newOutputStream(destination))
				{
					byte[] buffer = new byte[1 << 16];
					for (int n; (n = in.read(buffer)) > 0;) {
						written += n;
						if (written > limits.maxTotalBytes()) {
							throw refuse(zip,
								"it expands to more than the limit of " + limits.maxTotalBytes() + " bytes.");
						}
						out.write(buffer, 0, n);
					}
				}
			}
		}
		catch (ModelPackageException e) {
			throw e;
		}
		catch (ZipException e) {
			throw new ModelPackageException(
				"Cannot open " + zip + " as a .zip archive (" + e.getMessage() + ")." + ADVICE, e);
		}
		catch (IOException e) {
			throw new ModelPackageException("Cannot extract " + zip + " into " + target + ": " + e.getMessage(), e);
		}
	}

	private static Path destination(Path root, String entryName, Path zip) throws ModelPackageException {
		String name = entryName.replace('\\', '/');
		boolean unsafe = name.isEmpty() || name.startsWith("/") || name.matches("^[A-Za-z]:.*") ||
			name.indexOf('\0') >= 0;
		for (String part : name.split("/")) {
			unsafe |= part.equals("..");
		}
		Path destination = null;
		try {
			if (!unsafe) destination = root.resolve(name).normalize();
		}
		catch (InvalidPathException e) {
			throw refuse(zip, "the entry '" + entryName + "' is not a valid file name here.");
		}
		if (destination == null || !destination.startsWith(root) || destination.equals(root)) {
			throw refuse(zip, "the entry '" + entryName + "' would be written outside the extraction folder.");
		}
		return destination;
	}

	/** Writes the regular files under {@code folder} into {@code zip} in sorted order with fixed times. */
	static void create(Path folder, Path zip) throws IOException {
		Path temporary = Files.createTempFile(zip.toAbsolutePath().getParent(), ".unet-", ".zip.part");
		try {
			try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(temporary))) {
				for (String name : Checksums.regularFiles(folder)) {
					ZipEntry entry = new ZipEntry(name);
					entry.setTimeLocal(ENTRY_TIME);
					out.putNextEntry(entry);
					Files.copy(folder.resolve(name), out);
					out.closeEntry();
				}
			}
			Files.move(temporary, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static ModelPackageException refuse(Path zip, String reason) {
		return new ModelPackageException("Refusing to extract " + zip + ": " + reason + ADVICE);
	}
}
