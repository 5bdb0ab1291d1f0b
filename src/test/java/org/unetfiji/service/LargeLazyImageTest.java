package org.unetfiji.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.unetfiji.api.SegmentResult;
import org.unetfiji.api.SegmentedFiles;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;

import ij.IJ;
import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.position.FunctionRandomAccessible;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * A lazily generated time series larger than the Java heap streams through {@link UNetService} into files without
 * running out of memory, and each frame comes out exactly as when it is segmented alone.
 * <p>
 * The series is computed on demand from a real HeLa image ({@link FunctionRandomAccessible}): frame {@code t} is the
 * image shifted cyclically by {@code (37 t, 23 t)} pixels. It is segmented in a JVM of its own with a 64 MiB heap,
 * and sized there from {@link Runtime#maxMemory()} to exceed it, so that the test stays short (the test JVM's heap is
 * 6 GiB); the frames to compare are segmented here, one at a time.
 */
class LargeLazyImageTest {

	private static final String HEAP = "-Xmx64m";
	private static final Map<String, Object> OPTIONS = Map.of("tile", "384", "batch", "1", "min-size", 50);
	private static final String NAME = "generated";
	private static final Pattern REPORT = Pattern.compile("frames=(\\d+) heap=(\\d+) bytes=(\\d+)");

	@TempDir
	static Path work;

	@Test
	void aGeneratedSeriesLargerThanTheHeapStreamsIntoFilesFrameByFrame() throws Exception {
		Path out = work.resolve("out");
		String log = segmentInSmallJvm(out);
		Matcher report = REPORT.matcher(log);
		assertTrue(report.find(), log);
		int frames = Integer.parseInt(report.group(1));
		long heap = Long.parseLong(report.group(2));
		long bytes = Long.parseLong(report.group(3));
		assertTrue(bytes > heap, "the image (" + bytes + " bytes) is larger than the heap (" + heap + " bytes)");
		assertFalse(log.contains("OutOfMemoryError"), log);

		PlaneSource probabilities = ImageFiles.openLazily(out.resolve(NAME + ".probabilities.tif"));
		PlaneSource labels = ImageFiles.openLazily(out.resolve(NAME + ".labels.tif"));
		PlaneSource instances = ImageFiles.openLazily(out.resolve(NAME + ".instances.tif"));
		assertArrayEquals(new long[]{ 1100, 700, 2, 1, frames }, probabilities.dimensions());
		assertEquals(frames, instances.sizeT());
		Context context = new Context(UNetService.class);
		try {
			UNetService unet = context.service(UNetService.class);
			RandomAccessibleInterval<UnsignedShortType> series = series(hela(), frames);
			for (int t : new int[]{ 0, frames / 2, frames - 1 }) {
				SegmentResult alone = unet.segment(Views.hyperSlice(series, 2, t), "XY", UNetServiceTest.MODEL,
					OPTIONS);
				for (int c = 0; c < 2; c++)
					assertPlane(alone.probabilities(), c, probabilities, t, "probabilities of class " + c);
				assertPlane(alone.labels(), 0, labels, t, "labels");
				assertPlane(alone.instances(), 0, instances, t, "instances");
			}
		}
		finally {
			context.dispose();
		}
	}

	/**
	 * Segments the generated series through the service in a JVM with a small heap, sized from it; prints
	 * {@code frames=T heap=BYTES bytes=BYTES} (the heap, and the image's 16-bit pixels).
	 *
	 * @param args the output folder
	 */
	public static void main(String[] args) throws Exception {
		long heap = Runtime.getRuntime().maxMemory();
		short[] hela = hela();
		int frames = (int) (heap * 5 / 4 / (hela.length * 2L)) + 1;
		RandomAccessibleInterval<UnsignedShortType> series = series(hela, frames);
		Context context = new Context(UNetService.class);
		try {
			UNetService unet = context.service(UNetService.class);
			SegmentedFiles files = unet.segment(unet.image(series, "XYT", new double[]{ 1, 1, 1 }, "pixel", NAME),
				UNetServiceTest.MODEL, OPTIONS, Path.of(args[0]));
			System.out.println(files.describe());
			System.out.println("frames=" + frames + " heap=" + heap + " bytes=" + hela.length * 2L * frames);
		}
		finally {
			context.dispose();
		}
	}

	/** The pixels of the HeLa image, 1100 × 700. */
	private static short[] hela() {
		return (short[]) IJ.openImage(UNetServiceTest.HELA.toString()).getProcessor().getPixels();
	}

	/** Frame {@code t} is the image shifted cyclically by {@code (37 t, 23 t)}; nothing is stored. */
	private static RandomAccessibleInterval<UnsignedShortType> series(short[] image, int frames) {
		int width = 1100;
		int height = 700;
		FunctionRandomAccessible<UnsignedShortType> generator = new FunctionRandomAccessible<>(3, (position, value) -> {
			long t = position.getLongPosition(2);
			int x = (int) Math.floorMod(position.getLongPosition(0) + 37 * t, width);
			int y = (int) Math.floorMod(position.getLongPosition(1) + 23 * t, height);
			value.set(image[y * width + x] & 0xffff);
		}, UnsignedShortType::new);
		return Views.interval(generator, new FinalInterval(width, height, frames));
	}

	/** Plane {@code (c, t)} of a file equals channel {@code c} of a single-frame result, bit for bit. */
	private static void assertPlane(Hyperstack<? extends RealType<?>> alone, int c, PlaneSource file, int t,
		String what)
	{
		float[] plane = new float[file.sizeX() * file.sizeY()];
		file.read(c, 0, t, plane);
		var cursor = Views.flatIterable(Views.hyperSlice(
			Views.hyperSlice(Views.hyperSlice(alone.data(), Hyperstack.AXIS_T, 0), Hyperstack.AXIS_Z, 0),
			Hyperstack.AXIS_C, c)).cursor();
		for (int i = 0; i < plane.length; i++) {
			float expected = cursor.next().getRealFloat();
			if (Float.floatToIntBits(expected) != Float.floatToIntBits(plane[i]))
				assertEquals(expected, plane[i], what + " of frame " + t + " at pixel " + i);
		}
	}

	/**
	 * Runs {@link #main} in a JVM with the test's class path and a small heap. JavaCPP's own limit on native memory
	 * (twice the heap by default) is lifted: TensorFlow's native memory is not what is tested.
	 */
	private static String segmentInSmallJvm(Path out) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
			List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
				"-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
				"-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", ""), "-cp",
				System.getProperty("java.class.path"), LargeLazyImageTest.class.getName(), out.toString()));
		Path log = Files.createTempFile(work, "segment", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
		Process process = builder.start();
		if (!process.waitFor(4, TimeUnit.MINUTES)) {
			process.destroyForcibly().waitFor();
			throw new AssertionError("not done in 4 minutes:\n" + Files.readString(log));
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertEquals(0, process.exitValue(), output);
		return output;
	}
}
