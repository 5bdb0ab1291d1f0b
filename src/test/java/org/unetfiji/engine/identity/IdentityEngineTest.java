package org.unetfiji.engine.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.event.EventService;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.unetfiji.cli.Main;
import org.unetfiji.engine.Engines;
import org.unetfiji.fiji.UNetSegment;
import org.unetfiji.model.Checksums;
import org.unetfiji.model.DescriptorIO;
import org.unetfiji.model.FileReference;
import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.WeightsEntry;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;

/**
 * The identity engine, registered only by this package and its line in {@code src/test/resources/META-INF/services},
 * is offered and run by {@code engine=} in the command line and in Fiji: a bundled model with identity weights
 * added segments a real image exactly as the identity network implies.
 */
class IdentityEngineTest {

	private static final Path BUNDLED = Path.of("models/em-membranes-2d");
	private static final Path IMAGE = Path.of("sample-images/isbi2012-em-020.png");
	private static final String WEIGHTS_FILE = "weights.identity";

	@TempDir
	static Path work;
	private static Path model;

	/** A copy of the bundled model with an identity weights entry added after its TensorFlow weights. */
	@BeforeAll
	static void identityModel() throws IOException {
		model = work.resolve("em-membranes-identity");
		try (Stream<Path> files = Files.walk(BUNDLED)) {
			for (Path file : files.toList())
				Files.copy(file, model.resolve(BUNDLED.relativize(file).toString()));
		}
		Path weights = model.resolve(WEIGHTS_FILE);
		Files.writeString(weights, IdentityEngine.WEIGHTS_TEXT, StandardCharsets.UTF_8);
		Path rdf = model.resolve(ModelPackage.DESCRIPTOR_FILE);
		ModelDescriptor descriptor = DescriptorIO.read(rdf);
		DescriptorIO.write(
			descriptor.toBuilder()
				.weights(IdentityEngine.WEIGHT_FORMAT,
					new WeightsEntry(new FileReference(WEIGHTS_FILE, Checksums.sha256(weights)), Map.of()))
				.build(),
			rdf);
	}

	@Test
	void theRegistryAndTheUsageOfferIt() {
		assertEquals(List.of(Engines.AUTO, "tensorflow", "onnx", "torchscript", "identity"), Engines.choices());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertEquals(0, Main.run(new String[]{ "help" }, new PrintStream(out), System.err));
		assertTrue(out.toString().contains(" engine=auto|tensorflow|onnx|torchscript|identity "), out.toString());
	}

	@Test
	void packagesKeepItsEntryAndFirstChoiceStaysTensorFlow() throws IOException {
		try (ModelPackage pkg = ModelPackage.open(model)) {
			assertEquals(List.of(ModelDescriptor.TENSORFLOW_WEIGHTS, IdentityEngine.WEIGHT_FORMAT),
				pkg.descriptor().weightFormats());
			assertEquals(model.resolve(WEIGHTS_FILE), pkg.weights(IdentityEngine.WEIGHT_FORMAT));
		}
	}

	@Test
	void theCommandLineSegmentsWithIt() {
		Path output = work.resolve("cli");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = Main.run(
			new String[]{ "segment", "model=" + model, "input=" + IMAGE, "output=" + output, "engine=identity" },
			new PrintStream(out), new PrintStream(err));
		assertEquals(0, code, err.toString());
		assertTrue(err.toString().contains("device: CPU (identity engine)"), err.toString());
		checkIdentity(IJ.openImage(IMAGE.toString()),
			IJ.openImage(output.resolve("isbi2012-em-020.probabilities.tif").toString()),
			IJ.openImage(output.resolve("isbi2012-em-020.labels.tif").toString()));
	}

	@Test
	void theFijiCommandOffersAndRunsIt() throws Exception {
		Context context = new Context(CommandService.class, StatusService.class, LogService.class, EventService.class);
		try {
			ImagePlus image = IJ.openImage(IMAGE.toString());
			Future<Module> running = context.service(ModuleService.class).run(
				context.service(CommandService.class).getCommand(UNetSegment.class), true,
				Map.of("image", image, "model", model.toString(), "engine", "identity"));
			UNetSegment command = (UNetSegment) running.get();
			assertFalse(command.isCanceled(), command::getCancelReason);
			assertTrue(command.getInfo().getInput("engine").getChoices().contains("identity"));
			checkIdentity(IJ.openImage(IMAGE.toString()), (ImagePlus) command.getOutput("probabilities"),
				(ImagePlus) command.getOutput("labels"));
		}
		finally {
			context.dispose();
		}
	}

	/**
	 * The identity network's output passes the normalised intensity through, so the foreground probability rises with
	 * the raw intensity from 0 at the darkest pixels to 1 at the brightest (the percentiles clamp both ends), the
	 * probabilities sum to 1, and the foreground is exactly the pixels brighter than a threshold.
	 */
	private static void checkIdentity(ImagePlus raw, ImagePlus probabilities, ImagePlus labels) {
		ImageProcessor intensity = raw.getProcessor();
		ImageProcessor background = probabilities.getStack().getProcessor(1);
		ImageProcessor foreground = probabilities.getStack().getProcessor(2);
		ImageProcessor classes = labels.getProcessor();
		int pixels = raw.getWidth() * raw.getHeight();
		assertEquals(pixels, probabilities.getWidth() * probabilities.getHeight());
		for (int i = 0; i < pixels; i++)
			assertEquals(1, background.getf(i) + foreground.getf(i), 1e-5, "pixel " + i);
		int[] order = IntStream.range(0, pixels).boxed().sorted(Comparator.comparingDouble(intensity::getf))
			.mapToInt(Integer::intValue).toArray();
		for (int k = 1; k < pixels; k++)
			assertTrue(foreground.getf(order[k]) >= foreground.getf(order[k - 1]) - 1e-6, "monotone at " + k);
		assertEquals(0, foreground.getf(order[0]), 1e-6);
		assertEquals(1, foreground.getf(order[pixels - 1]), 1e-6);
		float brightestBackground = Float.NEGATIVE_INFINITY;
		float darkestForeground = Float.POSITIVE_INFINITY;
		for (int i = 0; i < pixels; i++) {
			if (classes.getf(i) == 0) brightestBackground = Math.max(brightestBackground, intensity.getf(i));
			else darkestForeground = Math.min(darkestForeground, intensity.getf(i));
		}
		assertTrue(Float.isFinite(brightestBackground) && Float.isFinite(darkestForeground), "both classes occur");
		assertTrue(brightestBackground < darkestForeground, brightestBackground + " vs " + darkestForeground);
	}
}
