package org.unetfiji.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.unetfiji.api.SegmentResult;
import org.unetfiji.cli.Main;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * The service and its command in a plain SciJava {@link Context} (no ImageJ 1.x, no Fiji commands) on a real
 * HeLa nuclei image held in an {@link ArrayImg}: the ImgLib2 results are bit for bit those that {@code ./unet segment}
 * writes for the same image saved as TIFF, with its calibration, and the files the service streams the results into
 * are the command line's byte for byte.
 */
class UNetServiceTest {

	static final Path HELA = Path.of("sample-images/ctc-hela-t79.tif");
	static final String MODEL = "models/nuclei-2d";
	private static final Map<String, Object> OPTIONS = Map.of("min-size", 50, "tile", "384");

	@TempDir
	static Path work;
	private static Context context;
	private static UNetService unet;
	private static ArrayImg<UnsignedShortType, ShortArray> image;

	@BeforeAll
	static void start() {
		context = new Context(UNetService.class, CommandService.class);
		unet = context.service(UNetService.class);
		ImagePlus hela = IJ.openImage(HELA.toString());
		image = ArrayImgs.unsignedShorts(((short[]) hela.getProcessor().getPixels()).clone(), hela.getWidth(),
			hela.getHeight());
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	@Test
	void segmentsAnArrayImgExactlyAsTheCommandLineSegmentsItsTiff() throws Exception {
		SegmentResult result = unet.segment(unet.image(image, "XY", new double[]{ 0.25, 0.25, 1 }, "µm", "hela"), MODEL,
			OPTIONS);

		ImagePlus saved = new ImagePlus("hela", new ShortProcessor((int) image.dimension(0), (int) image.dimension(1),
			image.update(null).getCurrentStorageArray(), null));
		saved.getCalibration().pixelWidth = 0.25;
		saved.getCalibration().pixelHeight = 0.25;
		saved.getCalibration().setUnit("micron");
		Path tiff = work.resolve("hela.tif");
		assertTrue(IJ.saveAsTiff(saved, tiff.toString()));
		Path out = work.resolve("cli");
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		PrintStream err = new PrintStream(log, true, StandardCharsets.UTF_8);
		assertEquals(0, Main.run(
			new String[]{ "segment", "model=" + MODEL, "input=" + tiff, "output=" + out, "min-size=50", "tile=384" },
			System.out, err), log.toString(StandardCharsets.UTF_8));

		assertEquals(List.of("background", "foreground"), result.classNames());
		assertSame(ImageFiles.read(out.resolve("hela.probabilities.tif")), result.probabilities());
		assertSame(ImageFiles.read(out.resolve("hela.labels.tif")), result.labels());
		Hyperstack<?> instances = ImageFiles.read(out.resolve("hela.instances.tif"));
		assertSame(instances, result.instances());
		// streamed into files by the service, the same files byte for byte
		Path streamed = work.resolve("service");
		unet.segment(unet.image(image, "XY", new double[]{ 0.25, 0.25, 1 }, "µm", "hela"), MODEL, OPTIONS, streamed);
		for (String suffix : List.of(".probabilities.tif", ".labels.tif", ".instances.tif", ".overlay.png"))
			assertArrayEquals(Files.readAllBytes(out.resolve("hela" + suffix)),
				Files.readAllBytes(streamed.resolve("hela" + suffix)), suffix);
		double most = 0;
		for (RealType<?> v : Views.flatIterable(instances.data()))
			most = Math.max(most, v.getRealDouble());
		assertTrue(most > 100, "hundreds of HeLa nuclei found: " + most);
	}

	@Test
	void theCommandTakesAnyRandomAccessibleIntervalWithItsAxes() throws Exception {
		SegmentResult direct = unet.segment(image, "XY", MODEL, OPTIONS);
		// the same pixels as a transposed view, Y first, through the SciJava command
		CommandModule module = context.service(CommandService.class).run(UNetSegmentImage.class, true, "image",
			Views.permute(image, 0, 1), "axes", "YX", "model", MODEL, "tile", "384", "minSize", 50).get();
		assertFalse(module.isCanceled(), module.getCancelReason());
		assertSameValues(direct.labels().data(), (RandomAccessibleInterval<?>) module.getOutput("labels"));
		assertSameValues(direct.instances().data(), (RandomAccessibleInterval<?>) module.getOutput("instances"));
		assertSameValues(direct.probabilities().data(),
			(RandomAccessibleInterval<?>) module.getOutput("probabilities"));
		assertEquals("min-size=x is not a whole number", assertThrows(IllegalArgumentException.class,
			() -> unet.segment(image, "XY", MODEL, Map.of("min-size", "x"))).getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> unet.segment(image, "XZ", MODEL, Map.of()))
			.getMessage().startsWith("axes=XZ must name"));
	}

	/** Same axes, calibration and values (as float bits). */
	static void assertSame(Hyperstack<?> expected, Hyperstack<?> actual) {
		assertArrayEquals(expected.voxelSize(), actual.voxelSize());
		assertEquals(expected.unit(), actual.unit());
		assertSameValues(expected.data(), actual.data());
	}

	static void assertSameValues(RandomAccessibleInterval<?> expected, RandomAccessibleInterval<?> actual) {
		assertArrayEquals(expected.dimensionsAsLongArray(), actual.dimensionsAsLongArray());
		var e = Views.flatIterable(expected).cursor();
		var a = Views.flatIterable(actual).cursor();
		for (long i = 0; e.hasNext(); i++) {
			float ev = ((RealType<?>) e.next()).getRealFloat();
			float av = ((RealType<?>) a.next()).getRealFloat();
			if (Float.floatToIntBits(ev) != Float.floatToIntBits(av)) assertEquals(ev, av, "value " + i);
		}
	}
}
