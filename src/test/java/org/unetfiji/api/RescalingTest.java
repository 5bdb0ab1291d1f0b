package org.unetfiji.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.image.ImagePlusBridge;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.inference.Rescaling;
import org.unetfiji.inference.TestTimeAugmentation;
import org.unetfiji.metrics.InstanceMetrics;
import org.unetfiji.model.DescriptorIO;
import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.model.Processing;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Pixel-size rescaling with the bundled nuclei network, told it was trained at 0.5 µm and to drop objects under 50
 * of its pixels: a real GOWT1 image at 0.5 µm, and the same image downscaled by 2 (calibrated 1 µm), segment alike.
 */
class RescalingTest {

	private static final Path MODEL = Path.of("models/nuclei-2d");
	private static final Path GOWT1 = Path.of("../shared/data/ctc-gowt1-nuclei-2d/test");

	@TempDir
	static Path work;

	private static Path model;

	@BeforeAll
	static void modelAtHalfAMicrometre() throws Exception {
		model = work.resolve("nuclei-2d-0.5um");
		try (Stream<Path> files = Files.walk(MODEL)) {
			for (Path p : files.toList()) {
				Path target = model.resolve(MODEL.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(target);
				else Files.copy(p, target);
			}
		}
		ModelDescriptor descriptor = DescriptorIO.read(model.resolve("rdf.yaml"));
		DescriptorIO.write(
			descriptor.toBuilder().elementSizeUm(new double[]{ 0.5, 0.5 })
				.postprocessing(List.of(new Processing("components", Map.of("min_size", 50)))).build(),
			model.resolve("rdf.yaml"));
	}

	/** Foreground IoU and F1 at IoU 0.5 of a segmentation of {@code image} against {@code truth}. */
	private static double[] scores(ImagePlus image, ImageProcessor truth, boolean rescale, List<String> notes)
		throws Exception
	{
		SegmentRequest defaults = SegmentRequest.defaults(model);
		SegmentRequest request = new SegmentRequest(model, defaults.tiling(), OptionalInt.empty(), defaults.engine(),
			defaults.device(), TestTimeAugmentation.NONE, rescale);
		SegmentResult result = SegmentTask.run(request, ImagePlusBridge.wrap(image), new SegmentListener() {
			@Override
			public void note(String message) {
				notes.add(message);
			}
		}, () -> false);
		int width = truth.getWidth();
		int height = truth.getHeight();
		int[] predicted = new int[width * height];
		int i = 0;
		for (IntType v : Views.flatIterable(result.instances().data()))
			predicted[i++] = v.get();
		int[] objects = new int[width * height];
		long both = 0;
		long either = 0;
		for (int p = 0; p < objects.length; p++) {
			objects[p] = (int) truth.getf(p);
			both += objects[p] > 0 && predicted[p] > 0 ? 1 : 0;
			either += objects[p] > 0 || predicted[p] > 0 ? 1 : 0;
		}
		double f1 = InstanceMetrics
			.compute(ArrayImgs.ints(objects, width, height), ArrayImgs.ints(predicted, width, height), 0.5).scores()
			.get(0).f1();
		return new double[]{ (double) both / either, f1 };
	}

	private static ImagePlus calibrated(ImagePlus image, double micrometres) {
		image.getCalibration().pixelWidth = micrometres;
		image.getCalibration().pixelHeight = micrometres;
		image.getCalibration().setUnit("micron");
		return image;
	}

	@Test
	void anImageAtHalfTheResolutionSegmentsAsTheOriginal() throws Exception {
		ImagePlus image = calibrated(IJ.openImage(GOWT1.resolve("images/t39.tif").toString()), 0.5);
		ImageProcessor truth = IJ.openImage(GOWT1.resolve("labels/t39.tif").toString()).getProcessor();
		List<String> notes = new ArrayList<>();
		double[] original = scores(image, truth, true, notes);
		assertTrue(notes.stream().noneMatch(n -> n.startsWith("rescaled")), "the model's own size: " + notes);

		int half = image.getWidth() / 2;
		image.getProcessor().setInterpolationMethod(ImageProcessor.BILINEAR);
		ImagePlus small = calibrated(new ImagePlus("t39-half", image.getProcessor().resize(half, half, true)), 1.0);
		truth.setInterpolationMethod(ImageProcessor.NONE);
		ImageProcessor smallTruth = truth.resize(half, half);
		notes.clear();
		double[] rescaled = scores(small, smallTruth, true, notes);
		assertTrue(notes.stream().anyMatch(n -> n.startsWith("rescaled from 512×512 to 1024×1024 px")), "" + notes);
		double[] asItIs = scores(small, smallTruth, false, notes);
		assertTrue(notes.stream().anyMatch(n -> n.startsWith("rescale=false: segmented at its own pixel size")),
			"" + notes);
		String figures = String.format(
			"foreground IoU, F1: original %.3f %.3f, downscaled and rescaled %.3f %.3f, " +
				"downscaled as it is %.3f %.3f",
			original[0], original[1], rescaled[0], rescaled[1], asItIs[0], asItIs[1]);
		System.out.println(figures);
		assertEquals(original[0], rescaled[0], 0.03, figures);
		assertEquals(original[1], rescaled[1], 0.03, figures);
	}

	@Test
	void aModelOfUnknownPixelSizeNeverRescales() throws Exception {
		ModelDescriptor bundled = DescriptorIO.read(MODEL.resolve("rdf.yaml"));
		assertEquals(List.of(), bundled.elementSizeUm(), "nuclei-2d was trained on four sets of different sizes");
		Path copy = work.resolve("unknown").resolve("rdf.yaml");
		Files.createDirectories(copy.getParent());
		DescriptorIO.write(bundled, copy);
		assertTrue(Files.readString(copy).contains("element_size_um: unknown"));
		assertEquals(List.of(), DescriptorIO.read(copy).elementSizeUm());
		ImagePlus image = calibrated(IJ.openImage(GOWT1.resolve("images/t39.tif").toString()), 0.1);
		assertEquals(new Rescaling.Plan(null, null),
			Rescaling.plan(PlaneSource.of(image), bundled.elementSizeUm(), true));
		assertEquals(
			new Rescaling.Plan(null,
				"not rescaled: the pixel size 0.1×0.1 µm, model's 0.5×0.5 µm differ " +
					"more than 4 times; check the image's calibration"),
			Rescaling.plan(PlaneSource.of(image), List.of(0.5, 0.5), true), "a calibration more likely wrong");
	}

	@Test
	void segmentRequestsTakeTheKeys() {
		Path model = MODEL;
		SegmentRequest request = SegmentRequest.of(model, Map.of("tta", "flips", "rescale", "false"));
		assertEquals(TestTimeAugmentation.FLIPS, request.tta());
		assertFalse(request.rescale());
		SegmentRequest defaults = SegmentRequest.defaults(model);
		assertEquals(TestTimeAugmentation.NONE, defaults.tta());
		assertTrue(defaults.rescale());
		assertEquals("rescale=maybe is not true or false",
			assertThrows(IllegalArgumentException.class, () -> SegmentRequest.of(model, Map.of("rescale", "maybe")))
				.getMessage());
	}

	@Test
	void anUncalibratedImageIsTakenAtTheModelsSizeWithANote() throws Exception {
		ImagePlus image = IJ.openImage(GOWT1.resolve("images/t39.tif").toString());
		image.setRoi(0, 0, 256, 256);
		ImagePlus labels = IJ.openImage(GOWT1.resolve("labels/t39.tif").toString());
		labels.setRoi(0, 0, 256, 256);
		List<String> notes = new ArrayList<>();
		scores(image.crop(), labels.crop().getProcessor(), true, notes);
		assertEquals(
			List.of("the image is not calibrated in a length unit: taken at the model's pixel size 0.5×0.5 µm"),
			notes.stream().filter(n -> n.contains("calibrated")).toList());
	}
}
