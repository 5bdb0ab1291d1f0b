package org.unetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unetfiji.cli.CommandLineTest.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.cli.CommandLineTest.Result;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

/**
 * Bad input to every command line command: each gets a one-line message and a non-zero exit code, no stack trace,
 * no output under a final name for what failed, and the input files stay byte for byte as they were.
 */
class BadInputTest {

	private static final Path MODEL = Path.of("models/em-membranes-2d");
	private static final Path EM = Path.of("../shared/data/isbi2012-em-membranes/test/images/020.png");

	@TempDir
	static Path work;
	private static Path inputs;
	/** Bad image files and a word the one-line reason must contain. */
	private static final Map<String, String> BAD_IMAGES = new LinkedHashMap<>();
	private static final Map<Path, byte[]> ORIGINALS = new LinkedHashMap<>();

	@BeforeAll
	static void writeInputs() throws IOException {
		inputs = Files.createDirectories(work.resolve("inputs"));
		ByteProcessor em = (ByteProcessor) IJ.openImage(EM.toString()).getProcessor();
		em.setRoi(0, 0, 64, 48);
		ByteProcessor crop = (ByteProcessor) em.crop();

		ImageStack slices = new ImageStack(64, 48);
		for (int z = 0; z < 3; z++)
			slices.addSlice(crop.duplicate());
		save(new ImagePlus("stack", slices), "stack.tif", "3-slice stack");
		ImagePlus channels = new ImagePlus("channels", slices.duplicate());
		channels.setDimensions(3, 1, 1);
		save(channels, "three-channels.tif", "channel");
		FloatProcessor nan = crop.convertToFloatProcessor();
		nan.setf(5, 5, Float.NaN);
		save(new ImagePlus("nan", nan), "nan.tif", "NaN");
		FloatProcessor inf = crop.convertToFloatProcessor();
		inf.setf(7, 3, Float.POSITIVE_INFINITY);
		save(new ImagePlus("inf", inf), "inf.tif", "Inf");
		save(new ImagePlus("rgb", new ColorProcessor(crop.createImage())), "rgb.tif", "RGB");
		byte[] tiff = Files.readAllBytes(save(new ImagePlus("good", crop), "good.tif", null));
		bad("truncated.tif", Arrays.copyOf(tiff, tiff.length / 2), "truncated");
		bad("not-an-image.tif", "just some text, not a TIFF".getBytes(), "TIFF");
		bad("huge.tif", tiffHeader(200_000, 200_000), "");
		for (String name : List.of("constant.tif", "zeros.tif", "one-pixel.tif", "tiny.tif")) {
			ByteProcessor plane = new ByteProcessor(name.startsWith("one") ? 1 : name.startsWith("tiny") ? 3 : 64,
				name.startsWith("one") ? 1 : name.startsWith("tiny") ? 2 : 48);
			plane.setValue(name.startsWith("zeros") ? 0 : 128);
			plane.fill();
			save(new ImagePlus(name, plane), name, null);
		}
	}

	@Test
	void everyBadImageIsSkippedWithOneLineAndTheRestOfTheBatchRuns() throws IOException {
		Path output = work.resolve("segmented");
		Result r = assertTimeoutPreemptively(Duration.ofMinutes(3),
			() -> run("segment", "model=" + MODEL, "input=" + inputs, "output=" + output));
		assertEquals(1, r.code(), "a batch with bad files exits 1: " + r.err());
		assertNoStackTrace(r);
		for (Map.Entry<String, String> bad : BAD_IMAGES.entrySet()) {
			String name = bad.getKey();
			List<String> reason = r.err().lines().filter(line -> line.startsWith("  skipped " + name + ": ")).toList();
			assertEquals(1, reason.size(), name + " is reported once:\n" + r.err());
			assertTrue(reason.get(0).contains(bad.getValue()), reason.get(0));
			String base = name.substring(0, name.lastIndexOf('.'));
			try (Stream<Path> written = Files.list(output)) {
				assertTrue(written.noneMatch(p -> p.getFileName().toString().startsWith(base + ".")),
					"no output for " + name);
			}
		}
		// images that are odd but valid are segmented, with finite probabilities
		for (String good : List.of("good", "constant", "zeros", "one-pixel", "tiny")) {
			ImagePlus p = IJ.openImage(output.resolve(good + ".probabilities.tif").toString());
			assertTrue(p != null, good + " was segmented:\n" + r.err());
			float[] values = (float[]) p.getStack().getPixels(1);
			for (float v : values)
				assertTrue(v >= 0 && v <= 1, good + ": probability " + v);
			assertTrue(Files.isRegularFile(output.resolve(good + ".labels.tif")));
		}
		assertInputsUnchanged();
	}

	@Test
	void wrongCallsToSegmentAreRefusedBeforeAnyWork() throws IOException {
		Path output = work.resolve("refused");
		assertRefused(run("segment", "model=no-such-model", "input=" + inputs, "output=" + output), "no-such-model");
		assertRefused(run("segment", "model=" + MODEL, "input=" + inputs.resolve("missing.tif"), "output=" + output),
			"does not exist");
		assertRefused(run("segment", "model=" + MODEL, "input=" + inputs, "output=" + inputs), "input folder");
		assertRefused(run("segment", "model=" + MODEL, "input=" + inputs, "output=" + inputs.resolve("good.tif")),
			"is a file");
		assertRefused(run("segment", "model=" + MODEL, "input=" + inputs), "output");
		assertRefused(run("segment", "model=" + MODEL, "input=" + inputs, "output=" + output, "colour=red"), "colour");
		assertFalse(Files.exists(output), "nothing created for a refused call");
		assertInputsUnchanged();
	}

	@Test
	void brokenModelsAreRefusedWithOneLine() throws IOException {
		Path broken = Files.createDirectories(work.resolve("broken-model"));
		Files.writeString(broken.resolve("rdf.yaml"), "format_version: 0.5.3\ntype: model\nname: [unclosed\n");
		assertRefused(run("info", "model=" + broken), "rdf.yaml");
		Path empty = Files.createDirectories(work.resolve("empty-model"));
		assertRefused(run("info", "model=" + empty), "rdf.yaml");
		Path notZip = Files.writeString(work.resolve("model.zip"), "not a zip");
		assertRefused(
			run("segment", "model=" + notZip, "input=" + inputs.resolve("good.tif"), "output=" + work.resolve("o")),
			"zip");
		assertInputsUnchanged();
	}

	@Test
	void badTrainingDataIsRefusedWithOneLine() throws IOException {
		Path images = Files.createDirectories(work.resolve("train/images"));
		Path labels = Files.createDirectories(work.resolve("train/labels"));
		Files.copy(inputs.resolve("good.tif"), images.resolve("a.tif"));
		Path output = work.resolve("train/model");
		assertRefused(run("train", "images=" + images, "labels=" + labels, "output=" + output, "steps=2"),
			"no label image");
		ByteProcessor wrongSize = new ByteProcessor(32, 32);
		assertTrue(IJ.saveAsTiff(new ImagePlus("a", wrongSize), labels.resolve("a.tif").toString()));
		assertRefused(run("train", "images=" + images, "labels=" + labels, "output=" + output, "steps=2"), "size");
		assertRefused(run("train", "images=" + images, "labels=" + labels, "output=" + inputs, "steps=2"), "exists");
		assertRefused(run("train", "images=" + images, "labels=" + labels, "output=" + output, "steps=0"), "steps");
		assertRefused(run("train", "images=" + work.resolve("train/none"), "labels=" + labels, "output=" + output),
			"does not exist");
		assertFalse(Files.exists(output), "no model folder is left behind by a refused training");
		assertInputsUnchanged();
	}

	private static void assertRefused(Result r, String reasonWord) {
		assertNotEquals(0, r.code(), r.out());
		assertNoStackTrace(r);
		String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
		assertTrue(last.startsWith("unet ") && last.contains(reasonWord),
			"one line naming '" + reasonWord + "':\n" + r.err());
	}

	private static void assertNoStackTrace(Result r) {
		assertFalse(r.err().contains("\tat ") || r.err().contains("Exception:"), "no stack trace:\n" + r.err());
	}

	private static void assertInputsUnchanged() throws IOException {
		for (Map.Entry<Path, byte[]> input : ORIGINALS.entrySet())
			assertArrayEquals(input.getValue(), Files.readAllBytes(input.getKey()), input.getKey() + " was changed");
	}

	private static Path save(ImagePlus image, String name, String reasonWord) throws IOException {
		Path file = inputs.resolve(name);
		assertTrue(IJ.saveAsTiff(image, file.toString()), name);
		remember(file, reasonWord);
		return file;
	}

	private static void bad(String name, byte[] bytes, String reasonWord) throws IOException {
		remember(Files.write(inputs.resolve(name), bytes), reasonWord);
	}

	private static void remember(Path file, String reasonWord) throws IOException {
		ORIGINALS.put(file, Files.readAllBytes(file));
		if (reasonWord != null) BAD_IMAGES.put(file.getFileName().toString(), reasonWord);
	}

	/** A 16-bit TIFF header that declares a {@code width × height} image but holds no pixel data. */
	private static byte[] tiffHeader(int width, int height) {
		ByteBuffer b = ByteBuffer.allocate(8 + 2 + 6 * 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 6);
		int[][] entries = { { 256, 4, width }, { 257, 4, height }, { 258, 3, 16 }, { 262, 3, 1 }, { 273, 4, 200 },
			{ 279, 4, width * 2 } };
		for (int[] e : entries)
			b.putShort((short) e[0]).putShort((short) e[1]).putInt(1).putInt(e[1] == 3 ? e[2] & 0xffff : e[2]);
		b.putInt(0);
		return b.array();
	}
}
