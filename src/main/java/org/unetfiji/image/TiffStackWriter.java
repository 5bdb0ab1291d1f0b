package org.unetfiji.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Writes an ImageJ hyperstack TIFF plane by plane (uncompressed, little-endian), so that a result larger than memory
 * can be saved while it is computed. Planes come in ImageJ's order: channels fastest, then slices, then frames.
 * <p>
 * The file grows under a hidden temporary name and only gets its name on {@link #commit()}; closing without commit
 * (a cancelled or failed run) deletes it, so no half-written file ever appears under the final name. Files over
 * 4 GiB get one image directory and ImageJ's {@code images=} description, as ImageJ itself writes them.
 * <p>
 * Planes go to the file on a thread of their own (at most {@link #PLANES_IN_FLIGHT} waiting), so that the caller
 * computes the next plane while the previous one is copied to the operating system.
 */
public final class TiffStackWriter implements AutoCloseable {

	/** Pixel format of the planes. */
	public enum Format {
		UINT8(8, 1), UINT16(16, 1), FLOAT32(32, 3);

		final int bits;
		final int sampleFormat;

		Format(int bits, int sampleFormat) {
			this.bits = bits;
			this.sampleFormat = sampleFormat;
		}
	}

	private static final long MAX_CLASSIC_TIFF = 0xffffffffL;
	private static final int PLANES_IN_FLIGHT = 2;

	private final Path target;
	private final Path temporary;
	private final FileChannel channel;
	private final OutputStream out;
	private final Format format;
	private final int planePixels;
	private final long planes;
	private final ExecutorService writing = Executors.newSingleThreadExecutor(task -> {
		Thread thread = new Thread(task, "unet-tiff-writer");
		thread.setDaemon(true);
		return thread;
	});
	private final Semaphore inFlight = new Semaphore(PLANES_IN_FLIGHT);
	private volatile IOException failure;
	private long written;
	private boolean committed;

	/**
	 * Starts a file.
	 *
	 * @param dimensions {@code X, Y, C, Z, T}
	 * @param calibration the voxel size, unit and name to record (e.g. the input's)
	 * @param displayMax upper end of the display range recorded for ImageJ (lower end 0)
	 * @param input the file being segmented, which must never be overwritten; null when it is not a file
	 * @throws java.nio.file.FileAlreadyExistsException if {@code target} is {@code input}
	 */
	public static TiffStackWriter create(Path target, Path input, long[] dimensions, Format format,
		PlaneSource calibration, double displayMax) throws IOException
	{
		if (input != null) ImageFiles.requireDifferent(target, input);
		return new TiffStackWriter(target, dimensions, format, calibration, displayMax);
	}

	private TiffStackWriter(Path target, long[] dimensions, Format format, PlaneSource calibration, double displayMax)
		throws IOException
	{
		this.target = target;
		this.format = format;
		this.planePixels = Math.toIntExact(dimensions[0] * dimensions[1]);
		this.planes = dimensions[2] * dimensions[3] * dimensions[4];
		this.temporary = ImageFiles.temporaryFor(target);
		this.channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		try {
			this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
			out.write(header(dimensions, calibration, displayMax));
		}
		catch (IOException | RuntimeException e) {
			close();
			throw e;
		}
	}

	/** Appends the next plane: {@code byte[]}, {@code short[]} or {@code float[]} as the format says, X fastest. */
	public void write(Object pixels) throws IOException {
		if (written == planes) throw new IllegalStateException("all " + planes + " planes are written");
		ByteBuffer buffer = ByteBuffer.allocate(planePixels * format.bits / 8).order(ByteOrder.LITTLE_ENDIAN);
		switch (format) {
			case UINT8 -> buffer.put((byte[]) pixels);
			case UINT16 -> buffer.asShortBuffer().put((short[]) pixels);
			case FLOAT32 -> buffer.asFloatBuffer().put((float[]) pixels);
		}
		byte[] bytes = buffer.array();
		throwFailure();
		try {
			inFlight.acquire();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while writing " + target);
		}
		writing.execute(() -> {
			try {
				if (failure == null) out.write(bytes);
			}
			catch (IOException e) {
				failure = e;
			}
			finally {
				inFlight.release();
			}
		});
		written++;
	}

	/** Waits until every plane handed to {@link #write} is in the file. */
	private void drain() throws IOException {
		try {
			inFlight.acquire(PLANES_IN_FLIGHT);
			inFlight.release(PLANES_IN_FLIGHT);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while writing " + target);
		}
		throwFailure();
	}

	private void throwFailure() throws IOException {
		if (failure != null) throw new IOException("writing " + target + " failed: " + failure.getMessage(), failure);
	}

	/** Flushes the complete file to disk and gives it its final name (replacing an older file). */
	public void commit() throws IOException {
		if (written != planes)
			throw new IllegalStateException("only " + written + " of " + planes + " planes were written to " + target);
		drain();
		writing.shutdown();
		out.flush();
		channel.force(true);
		channel.close();
		ImageFiles.moveIntoPlace(temporary, target);
		committed = true;
	}

	/** Deletes the temporary file unless committed. */
	@Override
	public void close() throws IOException {
		writing.shutdownNow();
		if (committed) return;
		try {
			writing.awaitTermination(1, TimeUnit.MINUTES);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		channel.close();
		Files.deleteIfExists(temporary);
	}

	private byte[] header(long[] dims, PlaneSource calibration, double displayMax) {
		double[] voxel = calibration.voxelSize();
		String unit = calibration.unit().equals("\u00B5m") ? "micron" : calibration.unit();
		StringBuilder description = new StringBuilder("ImageJ=1.54g\nimages=" + planes + "\n");
		if (dims[2] > 1) description.append("channels=").append(dims[2]).append('\n');
		if (dims[3] > 1) description.append("slices=").append(dims[3]).append('\n');
		if (dims[4] > 1) description.append("frames=").append(dims[4]).append('\n');
		if ((dims[2] > 1 ? 1 : 0) + (dims[3] > 1 ? 1 : 0) + (dims[4] > 1 ? 1 : 0) > 1)
			description.append("hyperstack=true\n");
		description.append("unit=").append(unit.replaceAll("[^\\x20-\\x7e]", "")).append('\n');
		if (dims[3] > 1) description.append("spacing=").append(voxel[2]).append('\n');
		description.append("min=0.0\nmax=").append(displayMax).append("\n\0");
		byte[] text = description.toString().getBytes(StandardCharsets.US_ASCII);
		long planeBytes = (long) planePixels * format.bits / 8;
		int entries = format == Format.FLOAT32 ? 13 : 12;
		int ifdBytes = 2 + 12 * entries + 4;
		long textOffset = 8;
		long rationalOffset = textOffset + text.length + (text.length & 1);
		long ifdOffset = rationalOffset + 16;
		boolean allDirectories = ifdOffset + planes * ifdBytes + planes * planeBytes <= MAX_CLASSIC_TIFF;
		long directories = allDirectories ? planes : 1;
		long dataOffset = ifdOffset + directories * ifdBytes;
		ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(dataOffset)).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt((int) ifdOffset);
		b.put(text);
		b.position((int) rationalOffset);
		putRational(b, 1 / voxel[0]);
		putRational(b, 1 / voxel[1]);
		for (long i = 0; i < directories; i++) {
			long next = i + 1 < directories ? ifdOffset + (i + 1) * ifdBytes : 0;
			b.putShort((short) entries);
			entry(b, 254, 4, 1, 0);
			entry(b, 256, 4, 1, dims[0]);
			entry(b, 257, 4, 1, dims[1]);
			entry(b, 258, 3, 1, format.bits);
			entry(b, 262, 3, 1, 1);
			if (i == 0) entry(b, 270, 2, text.length, textOffset);
			else entry(b, 269, 2, 1, 0); // empty document name keeps every directory the same size
			entry(b, 273, 4, 1, dataOffset + i * planeBytes);
			entry(b, 277, 3, 1, 1);
			entry(b, 278, 4, 1, dims[1]);
			entry(b, 279, 4, 1, planeBytes);
			entry(b, 282, 5, 1, rationalOffset);
			entry(b, 283, 5, 1, rationalOffset + 8);
			if (format == Format.FLOAT32) entry(b, 339, 3, 1, 3);
			b.putInt((int) next);
		}
		return b.array();
	}

	private static void entry(ByteBuffer b, int tag, int type, long count, long value) {
		b.putShort((short) tag).putShort((short) type).putInt((int) count);
		if (type == 3) b.putShort((short) value).putShort((short) 0);
		else b.putInt((int) value);
	}

	/** ImageJ's encoding of pixels per unit: numerator and denominator 10^6 (10^3 above 1000). */
	private static void putRational(ByteBuffer b, double value) {
		double scale = value > 1000 ? 1000 : 1_000_000;
		b.putInt((int) Math.round(value * scale)).putInt((int) scale);
	}
}
