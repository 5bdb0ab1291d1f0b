package org.unetfiji.image;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.io.TiffDecoder;
import ij.io.TiffEncoder;
import ij.plugin.FileInfoVirtualStack;

/**
 * Reads TIFF and PNG images and writes TIFF and PNG files with ImageJ 1.x, headless.
 * <p>
 * Writing is atomic: the file is written under a hidden temporary name in the target's folder, flushed to disk,
 * and then renamed to the target name, so a reader (or a crash) never sees a half-written file under the final
 * name, and an existing file is only replaced once the new one is complete.
 */
public final class ImageFiles {

	private ImageFiles() {}

	/** Writes a whole file to a stream; used by {@link #writeAtomically}. */
	@FunctionalInterface
	public interface StreamWriter {
		void writeTo(OutputStream out) throws IOException;
	}

	/**
	 * The image files that an {@code input=} value names: the file itself, or the TIFF and PNG files (and
	 * {@code .zarr} containers) of a folder in name order.
	 *
	 * @throws IllegalArgumentException when it does not exist or the folder holds no image
	 */
	public static List<Path> imagesIn(Path input) throws IOException {
		if (Files.isRegularFile(input)) return List.of(input);
		if (!Files.isDirectory(input)) throw new IllegalArgumentException("input=" + input + " does not exist");
		List<Path> files = new ArrayList<>();
		try (var list = Files.list(input)) {
			list.filter(p -> Files.isRegularFile(p) &&
				p.getFileName().toString().toLowerCase().matches(".*\\.(tif|tiff|png)$") ||
				Files.isDirectory(p) && p.getFileName().toString().toLowerCase().endsWith(".zarr")).sorted()
				.forEach(files::add);
		}
		if (files.isEmpty()) throw new IllegalArgumentException("input=" + input + " holds no .tif or .png image");
		return files;
	}

	/** A file name or image title without its extension: the base of the output names. */
	public static String baseName(String name) {
		int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	/**
	 * Reads a TIFF (including ImageJ hyperstacks with channels, slices and frames) or PNG file without copying
	 * its pixels again (see {@link ImagePlusBridge#wrap}).
	 *
	 * @throws NoSuchFileException if the file does not exist
	 * @throws AccessDeniedException if it cannot be read
	 * @throws IOException if it is a folder, not a TIFF or PNG, corrupt or truncated, or an RGB colour image;
	 *             the message names the file
	 */
	public static Hyperstack<?> read(Path file) throws IOException {
		String path = checkImageFile(file);
		ImagePlus imp;
		try {
			imp = opener().openImage(path);
		}
		catch (RuntimeException e) {
			throw new IOException("Cannot read " + file + ": the file is corrupt (" + e + ")", e);
		}
		if (imp == null) throw new IOException("Cannot read " + file +
			": the file is corrupt or truncated, or uses a TIFF " + "variant that ImageJ cannot open");
		try {
			return ImagePlusBridge.wrap(imp);
		}
		catch (IllegalArgumentException e) {
			throw new IOException("Cannot use " + file + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Opens an image to be read plane by plane: a TIFF as an ImageJ virtual stack, whose planes are read from disk
	 * only when asked for, so a stack larger than memory can be processed; a PNG is read whole.
	 *
	 * @throws IOException as {@link #read(Path)}
	 */
	public static PlaneSource openLazily(Path file) throws IOException {
		String path = checkImageFile(file);
		if (opener().getFileType(path) == Opener.PNG) return PlaneSource.of(read(file));
		ImagePlus imp;
		try {
			imp = FileInfoVirtualStack.openVirtual(path);
		}
		catch (RuntimeException e) {
			throw new IOException("Cannot read " + file + ": the file is corrupt (" + e + ")", e);
		}
		if (imp == null || imp.getStackSize() == 0) throw new IOException("Cannot read " + file +
			": the file is corrupt or truncated, or uses a TIFF " + "variant that ImageJ cannot open");
		try {
			return PlaneSource.of(imp);
		}
		catch (IllegalArgumentException e) {
			throw new IOException("Cannot use " + file + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Refuses a TIFF whose header declares more pixels than ImageJ can hold in a plane, or (uncompressed) more
	 * pixel bytes than the file has, before anything is allocated for them.
	 */
	private static void checkDeclaredSize(Path file) throws IOException {
		FileInfo[] planes;
		try {
			planes = new TiffDecoder(file.toAbsolutePath().getParent().toString() + File.separator,
				file.getFileName().toString()).getTiffInfo();
		}
		catch (IOException | RuntimeException e) {
			throw new IOException("Cannot read " + file + ": the TIFF header is corrupt (" + e.getMessage() + ")", e);
		}
		if (planes == null || planes.length == 0)
			throw new IOException("Cannot read " + file + ": the TIFF header is corrupt");
		long declaredEnd = 0;
		for (FileInfo plane : planes) {
			long pixels = (long) plane.width * plane.height;
			if (plane.width <= 0 || plane.height <= 0 || pixels > Integer.MAX_VALUE)
				throw new IOException("Cannot read " + file + ": it declares planes of " + plane.width + "×" +
					plane.height + " pixels, more than ImageJ can " +
					"hold in one plane (2^31 − 1 pixels); the file is corrupt or needs to be split into tiles");
			if (plane.compression == FileInfo.COMPRESSION_NONE) declaredEnd = Math.max(declaredEnd,
				plane.getOffset() + pixels * plane.getBytesPerPixel() * Math.max(1, plane.nImages));
		}
		if (declaredEnd > Files.size(file)) throw new IOException(
			"Cannot read " + file + ": its header declares " + declaredEnd + " bytes of pixels but the file has only " +
				Files.size(file) + "; the file is truncated or corrupt (copy it again)");
	}

	/** Checks that a file exists, is readable and is a TIFF or PNG of a sane declared size; returns its absolute path. */
	private static String checkImageFile(Path file) throws IOException {
		Objects.requireNonNull(file, "file");
		if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "image file not found");
		if (Files.isDirectory(file))
			throw new IOException("Cannot read " + file + ": it is a folder, not an image file");
		if (!Files.isReadable(file))
			throw new AccessDeniedException(file.toString(), null, "image file is not readable");
		String path = file.toAbsolutePath().toString();
		int format = opener().getFileType(path);
		if (format != Opener.TIFF && format != Opener.PNG)
			throw new IOException("Cannot read " + file + ": not a TIFF or PNG image (or the file is corrupt). " +
				"Save it as TIFF in Fiji (File > Save As > Tiff...) first.");
		if (format == Opener.TIFF) checkDeclaredSize(file);
		return path;
	}

	private static Opener opener() {
		Opener opener = new Opener();
		opener.setSilentMode(true);
		return opener;
	}

	/**
	 * Writes a Hyperstack as an ImageJ TIFF (hyperstack dimensions, voxel size and unit included; pixel types
	 * as in {@link ImagePlusBridge#toImagePlus}), atomically. Missing parent folders are created; an existing
	 * file is replaced.
	 *
	 * @throws IOException if the target is a folder or cannot be written; the target is then left unchanged
	 */
	public static void write(Hyperstack<?> image, Path target) throws IOException {
		Objects.requireNonNull(image, "image");
		ImagePlus imp = ImagePlusBridge.toImagePlus(image);
		FileInfo info = imp.getFileInfo();
		info.description = new FileSaver(imp).getDescriptionString();
		writeAtomically(target, out -> new TiffEncoder(info).write(out));
	}

	/**
	 * Like {@link #write(Hyperstack, Path)}, but refuses to replace {@code input}, the file the image (or the
	 * result computed from it) was read from.
	 *
	 * @throws FileAlreadyExistsException if {@code target} is the same file as {@code input}
	 */
	public static void write(Hyperstack<?> image, Path target, Path input) throws IOException {
		requireDifferent(target, input);
		write(image, target);
	}

	/** Writes a picture (e.g. an overlay rendering) as PNG, atomically. */
	public static void writePng(BufferedImage picture, Path target) throws IOException {
		Objects.requireNonNull(picture, "picture");
		// cached in memory: ImageIO's file cache is closed by its shutdown hook, under a PNG being written while
		// Ctrl-C lets training finish its model
		writeAtomically(target, out -> {
			try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
				if (!ImageIO.write(picture, "png", stream))
					throw new IOException("No PNG writer for image type " + picture.getType());
			}
		});
	}

	/**
	 * Writes the current plane of an ImagePlus as PNG, as ImageJ displays it (LUT and display range applied),
	 * atomically. An overlay is drawn into the picture.
	 */
	public static void writePng(ImagePlus imp, Path target) throws IOException {
		Objects.requireNonNull(imp, "imp");
		writePng((imp.getOverlay() != null ? imp.flatten() : imp).getBufferedImage(), target);
	}

	/**
	 * Writes a file under a temporary name in {@code target}'s folder, forces it to disk, then renames it to
	 * {@code target}, replacing any existing file. On failure the temporary file is deleted and the target is
	 * untouched. Where the file system cannot rename atomically, a plain replacing rename is used.
	 */
	public static void writeAtomically(Path target, StreamWriter writer) throws IOException {
		Path temporary = temporaryFor(target);
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE))
			{
				OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
				writer.writeTo(out);
				out.flush();
				channel.force(true);
			}
			moveIntoPlace(temporary, target);
		}
		catch (IOException | RuntimeException | Error e) {
			try {
				Files.deleteIfExists(temporary);
			}
			catch (IOException cleanup) {
				e.addSuppressed(cleanup);
			}
			throw e;
		}
	}

	/**
	 * A fresh hidden name in {@code target}'s folder (created if missing) to write the file under before
	 * {@link #moveIntoPlace} gives it its name.
	 *
	 * @throws IOException if the target is a folder
	 */
	static Path temporaryFor(Path target) throws IOException {
		Objects.requireNonNull(target, "target");
		Path absolute = target.toAbsolutePath();
		if (Files.isDirectory(absolute)) throw new IOException("Cannot write " + target + ": it is a folder");
		Path folder = absolute.getParent();
		Files.createDirectories(folder);
		return folder.resolve(
			"." + absolute.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
	}

	/** Renames a finished temporary file to its target, atomically where the file system can. */
	static void moveIntoPlace(Path temporary, Path target) throws IOException {
		try {
			Files.move(temporary, target.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(temporary, target.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING);
		}
	}

	static void requireDifferent(Path target, Path input) throws IOException {
		Objects.requireNonNull(input, "input");
		boolean same = target.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize()) ||
			Files.exists(target) && Files.exists(input) && Files.isSameFile(target, input);
		if (same) throw new FileAlreadyExistsException(target.toString(), input.toString(),
			"refusing to overwrite the input image; choose another output file or folder");
	}
}
