package org.unetfiji.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** Casts of parsed YAML to maps are unchecked throughout. */
@SuppressWarnings("unchecked")
class DescriptorIOTest {

	private static final String HASH = "0123456789abcdef".repeat(4);

	@TempDir
	Path dir;

	/** The test descriptor as a package holds it, with files and checksums filled in. */
	private static ModelDescriptor complete() {
		ModelDescriptor d = TestModels.descriptor();
		String tf = ModelDescriptor.TENSORFLOW_WEIGHTS;
		return d.toBuilder().weights(tf, d.weights().get(tf).withFile(new FileReference("saved_model", HASH)))
			.input(d.input().withTestTensor(new FileReference("test_input.npy", HASH)))
			.output(d.output().withTestTensor(new FileReference("test_output.npy", HASH))).build();
	}

	/**
	 * The bundled models' rdf.yaml were partly edited by hand (flow-style metrics), so the whole file is not what
	 * the writer gives; their weights sections are, byte for byte, and writing what was read is a fixed point.
	 */
	@Test
	void rewritingTheBundledModelsDescriptorsKeepsTheirWeightsByteForByte() throws IOException {
		try (Stream<Path> models = Files.list(Path.of("models"))) {
			for (Path rdf : models.map(m -> m.resolve(ModelPackage.DESCRIPTOR_FILE)).sorted().toList()) {
				String written = DescriptorIO.toYaml(DescriptorIO.read(rdf));
				assertEquals(weightsSection(Files.readString(rdf, StandardCharsets.UTF_8)), weightsSection(written),
					rdf.toString());
				assertEquals(written, DescriptorIO.toYaml(DescriptorIO.parse(written, rdf.toString())), rdf.toString());
			}
		}
	}

	/** The lines from {@code weights:} to the next top-level key. */
	private static String weightsSection(String yaml) {
		int start = yaml.indexOf("\nweights:\n");
		int end = yaml.substring(start + 1).split("\n(?=\\S)", 2)[0].length() + start + 1;
		assertTrue(start >= 0 && end > start + 10, yaml);
		return yaml.substring(start, end);
	}

	@Test
	void writeThenReadGivesAnEqualDescriptor() throws IOException {
		ModelDescriptor original = complete();
		Path file = dir.resolve("rdf.yaml");
		DescriptorIO.write(original, file);
		ModelDescriptor read = DescriptorIO.read(file);
		assertEquals(original, read);
		assertEquals(List.of(List.of(2, 2), List.of(2, 2), List.of(2, 2), List.of(2, 2)),
			read.network().get("pooling"));
		assertEquals(1e-4, read.training().get("learning_rate"));
		assertEquals(1000, read.training().get("iterations"));
		assertArrayEquals(new double[]{ 0.5, 0.5 }, read.elementSizeArray());
	}

	@Test
	void normalizationGivesTheMatchingPreprocessing() {
		assertEquals(
			List.of(new Processing("zero_mean_unit_variance", Map.of("eps", 1e-6, "axes", List.of("z", "y", "x")))),
			NormalizationSpec.zeroMeanUnitVariance(1e-6).asPreprocessing(List.of("z", "y", "x")));
		assertEquals(List.of(), new NormalizationSpec(NormalizationSpec.NONE, null).asPreprocessing(List.of("y", "x")));
	}

	@Test
	void writesTheBioimageIoLayout() {
		Map<String, Object> rdf = new Yaml().load(DescriptorIO.toYaml(complete()));
		assertEquals("0.5.3", rdf.get("format_version"));
		assertEquals("model", rdf.get("type"));
		Map<?, ?> input = (Map<?, ?>) ((List<?>) rdf.get("inputs")).get(0);
		List<?> axes = (List<?>) input.get("axes");
		assertEquals(Map.of("type", "batch"), axes.get(0));
		assertEquals(Map.of("type", "space", "id", "y", "size", Map.of("min", 16, "step", 16)), axes.get(1));
		assertEquals(Map.of("type", "channel", "channel_names", List.of("DAPI")), axes.get(3));
		assertEquals(Map.of("source", "test_input.npy", "sha256", HASH), input.get("test_tensor"));
		assertEquals(
			List.of(Map.of("id", "scale_range", "kwargs",
				Map.of("min_percentile", 1.0, "max_percentile", 99.8, "axes", List.of("y", "x")))),
			input.get("preprocessing"));
		Map<?, ?> output = (Map<?, ?>) ((List<?>) rdf.get("outputs")).get(0);
		assertEquals(Map.of("type", "space", "id", "x", "size", Map.of("tensor_id", "raw", "axis_id", "x", "offset", 0),
			"halo", 8), ((List<?>) output.get("axes")).get(2));
		assertEquals(Map.of("tensorflow_saved_model_bundle",
			Map.of("source", "saved_model", "sha256", HASH, "tensorflow_version", "2.18")), rdf.get("weights"));
		Map<?, ?> unet = (Map<?, ?>) ((Map<?, ?>) rdf.get("config")).get("unet");
		assertEquals(List.of(0.5, 0.5), unet.get("element_size_um"));
		assertEquals("2026-01-31T12:00:00Z", unet.get("created"));
	}

	@Test
	void acceptsOtherVersions05AndNumbersWhereTextIsExpected() throws ModelPackageException {
		assertEquals("0.5.4", parse(rdf -> rdf.put("format_version", "0.5.4")).formatVersion());
		ModelDescriptor d = parse(rdf -> tf(rdf).put("tensorflow_version", 2.18));
		assertEquals("2.18",
			d.weights().get(ModelDescriptor.TENSORFLOW_WEIGHTS).attribute(ModelDescriptor.TENSORFLOW_VERSION));
	}

	@Test
	void malformedYamlIsReportedWithItsPosition() {
		String message = error("name: U-Net\ndescription: [unclosed\nlicense: MIT\n");
		assertTrue(message.startsWith("rdf.yaml is not valid YAML: "), message);
		assertTrue(message.contains("at line 3, column 8"), message);
		assertTrue(error("name: a\nname: b\n").contains("found duplicate key name"));
		assertTrue(error("- a list\n- at the top\n").contains("'the top level' must be a mapping"));
		assertTrue(error("").contains("the file is empty"));
		assertTrue(error("  \n# only a comment\n").contains("the file is empty"));
	}

	@Test
	void javaTypeTagsAreNotConstructed() {
		String message = error("name: !!java.io.File [\"/etc/passwd\"]\n");
		assertTrue(message.contains("is not valid YAML"), message);
		assertTrue(message.contains("java.io.File"), message);
	}

	@Test
	void oversizedOrBombLikeDocumentsAreRefused() throws IOException {
		Path big = dir.resolve("rdf.yaml");
		Files.writeString(big, "description: \"" + "x".repeat(DescriptorIO.MAX_BYTES) + "\"\n");
		String message = assertThrows(ModelPackageException.class, () -> DescriptorIO.read(big)).getMessage();
		assertTrue(message.contains("is larger than 1024 KiB"), message);

		StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
		for (char c = 'b'; c <= 'j'; c++) {
			String previous = "*" + (char) (c - 1);
			bomb.append(c).append(": &").append(c).append(" [").append((previous + ", ").repeat(9)).append(previous)
				.append("]\n");
		}
		assertTrue(error(bomb.toString()).contains("is not valid YAML"));
		assertTrue(error("a: " + "[".repeat(200) + "]".repeat(200) + "\n").contains("is not valid YAML"));
	}

	@Test
	void missingFieldsAreNamed() {
		assertEquals("rdf.yaml: the required field 'name' is missing. Add it to rdf.yaml",
			error(rdf -> rdf.remove("name")));
		assertEquals("rdf.yaml: the required field 'inputs[0].axes' is missing. Add it to rdf.yaml",
			error(rdf -> input(rdf).remove("axes")));
		assertEquals("rdf.yaml: the required field 'outputs[0].test_tensor' is missing. Add it to rdf.yaml",
			error(rdf -> output(rdf).remove("test_tensor")));
		assertEquals("rdf.yaml: the required field 'weights.tensorflow_saved_model_bundle.sha256' is missing. Add it " +
			"to rdf.yaml", error(rdf -> tf(rdf).remove("sha256")));
		assertEquals("rdf.yaml: the required field 'config.unet.class_names' is missing. Add it to rdf.yaml",
			error(rdf -> unet(rdf).remove("class_names")));
		assertTrue(error(rdf -> rdf.put("authors", List.of())).contains("authors: at least one author is required"));
		assertTrue(error(rdf -> ((Map<String, Object>) ((List<?>) rdf.get("cite")).get(0)).remove("doi"))
			.contains("'cite[0]': citation 'Falk et al."));
		assertTrue(error(rdf -> rdf.put("weights", Map.of("pytorch_state_dict", Map.of("source", "m.pt"))))
			.contains("'weights' has no format this plugin runs (it has: pytorch_state_dict)"));
		assertEquals("rdf.yaml: the required field 'weights.onnx.opset_version' is missing. Add it to rdf.yaml",
			error(rdf -> rdf.put("weights", Map.of("onnx", Map.of("source", "m.onnx", "sha256", HASH)))));
	}

	@Test
	void modelsFromElsewhereTakeClassesAndNormalizationFromTheStandardFields() throws ModelPackageException {
		ModelDescriptor d = parse(rdf -> {
			rdf.remove("config");
			rdf.put("weights", Map.of("onnx", Map.of("source", "m.onnx", "sha256", HASH, "opset_version", 13)));
			((Map<String, Object>) ((List<?>) input(rdf).get("axes")).get(1)).put("scale", 0.25);
			// an output as large as the input states the same scale (the spec's size: reference × its scale / scale)
			((Map<String, Object>) ((List<?>) output(rdf).get("axes")).get(1)).put("scale", 0.25);
		});
		assertFalse(d.hasNetworkConfig());
		assertEquals(List.of("onnx"), d.weightFormats());
		assertEquals(13, d.weights().get(ModelDescriptor.ONNX_WEIGHTS).attribute(ModelDescriptor.OPSET_VERSION));
		assertNull(d.weights().get(ModelDescriptor.TENSORFLOW_WEIGHTS));
		assertEquals(d.output().channelAxis().orElseThrow().channelNames(), d.classNames());
		assertEquals(NormalizationSpec.SCALE_RANGE, d.normalization().method());
		assertEquals(99.8, d.normalization().parameters().get("max_percentile"));
		assertFalse(d.normalization().parameters().containsKey("axes"));
		assertArrayEquals(new double[]{ 0.25, 1 }, d.elementSizeArray());
	}

	@Test
	void wrongTypesAreNamed() {
		assertEquals("rdf.yaml: 'inputs[0].axes[1].size.min' must be a whole number, but it is the text \"sixteen\". " +
			"Fix it in rdf.yaml", error(rdf -> size(rdf, 1).put("min", "sixteen")));
		assertEquals("rdf.yaml: 'config.unet.element_size_um[1]' must be a number, but it is the text \"0.5um\". " +
			"Fix it in rdf.yaml", error(rdf -> unet(rdf).put("element_size_um", List.of(0.5, "0.5um"))));
		assertEquals("rdf.yaml: 'config.unet.network' must be a mapping (key: value lines), but it is the text " +
			"\"unet\". Fix it in rdf.yaml", error(rdf -> unet(rdf).put("network", "unet")));
		assertEquals("rdf.yaml: 'inputs' must be a list, but it is a mapping. Fix it in rdf.yaml",
			error(rdf -> rdf.put("inputs", Map.of("id", "raw"))));
		assertTrue(error(rdf -> axis(rdf, 1).put("size", "large"))
			.contains("'inputs[0].axes[1].size' must be a whole number, {min, step} or {tensor_id, axis_id}"));
		assertTrue(error(rdf -> ((Map<Object, Object>) unet(rdf).get("network")).put(3, "three"))
			.contains("'config.unet.network' has the key 3 that is not text. Quote it in rdf.yaml"));
		assertTrue(error(rdf -> ((Map<Object, Object>) unet(rdf).get("training")).put("extra", Map.of(3, "three")))
			.contains("'config.unet.training': training.extra has a key that is not text: 3"));
		assertTrue(error(rdf -> unet(rdf).put("created", "yesterday"))
			.contains("'config.unet.created' is 'yesterday', not a UTC time"));
	}

	@Test
	void unknownAxesAndBadSizesAreRefused() {
		assertEquals("rdf.yaml: 'inputs[0].axes[1].type' is 'time', an axis type this plugin does not know; it runs " +
			"tensors with batch, channel and space axes only", error(rdf -> axis(rdf, 1).put("type", "time")));
		assertEquals("rdf.yaml: 'inputs[0].axes[2]': unknown space axis id 't'; use z, y or x. Fix it in rdf.yaml",
			error(rdf -> axis(rdf, 2).put("id", "t")));
		assertEquals("rdf.yaml: 'inputs[0].axes[1].size': size.min must be at least 1, not -16. Fix it in rdf.yaml",
			error(rdf -> size(rdf, 1).put("min", -16)));
		assertTrue(error(rdf -> size(rdf, 1).put("step", -1)).contains("size.step must not be negative, not -1"));
		assertTrue(error(rdf -> axis(rdf, 1).put("size", 0)).contains("size must be at least 1, not 0"));
		assertTrue(error(rdf -> {
			Map<String, Object> axis = (Map<String, Object>) ((List<?>) output(rdf).get("axes")).get(1);
			axis.put("halo", -2);
		}).contains("'outputs[0].axes[1]': halo must not be negative, not -2"));
		assertTrue(error(rdf -> axis(rdf, 2).put("id", "y")).contains("tensor 'raw' has axis 'y' twice"));
	}

	@Test
	void unsupportedVersionsAndInconsistentConfigAreRefused() {
		assertEquals("rdf.yaml: format_version '0.3.6' is not supported; this plugin reads bioimage.io model " +
			"descriptions 0.4.x and 0.5.x. Update the file to 0.5 (bioimageio.spec's update_format) or export the " +
			"model again", error(rdf -> rdf.put("format_version", "0.3.6")));
		assertTrue(error(rdf -> rdf.put("type", "dataset")).contains("'type' is 'dataset' but must be 'model'"));
		assertEquals(
			"rdf.yaml: config.unet.element_size_um has 3 values but input 'raw' has 2 space axes [y, x]; " +
				"give one element size (micrometres) per space axis. Fix it in rdf.yaml",
			error(rdf -> unet(rdf).put("element_size_um", List.of(1, 0.5, 0.5))));
		assertTrue(error(rdf -> unet(rdf).put("class_names", List.of("a", "b", "c")))
			.contains("config.unet.class_names has 3 names but output 'probabilities' has 2 channels"));
		assertTrue(error(rdf -> unet(rdf).put("normalization", Map.of("method", "magic")))
			.contains("'config.unet.normalization': unknown normalization method 'magic'"));
		assertTrue(error(rdf -> rdf.put("outputs", List.of(output(rdf), output(rdf))))
			.contains("'outputs' lists 2 tensors; this plugin runs models with exactly one input and one output"));
	}

	// -- helpers: change one field of a valid descriptor and parse it

	private static ModelDescriptor parse(Consumer<Map<String, Object>> change) throws ModelPackageException {
		Map<String, Object> rdf = new Yaml().load(DescriptorIO.toYaml(complete()));
		change.accept(rdf);
		return DescriptorIO.parse(new Yaml().dump(rdf), "rdf.yaml");
	}

	private static String error(Consumer<Map<String, Object>> change) {
		return assertThrows(ModelPackageException.class, () -> parse(change)).getMessage();
	}

	private static String error(String yaml) {
		return assertThrows(ModelPackageException.class, () -> DescriptorIO.parse(yaml, "rdf.yaml")).getMessage();
	}

	private static Map<String, Object> input(Map<String, Object> rdf) {
		return (Map<String, Object>) ((List<?>) rdf.get("inputs")).get(0);
	}

	private static Map<String, Object> output(Map<String, Object> rdf) {
		return (Map<String, Object>) ((List<?>) rdf.get("outputs")).get(0);
	}

	private static Map<String, Object> axis(Map<String, Object> rdf, int index) {
		return (Map<String, Object>) ((List<?>) input(rdf).get("axes")).get(index);
	}

	private static Map<String, Object> size(Map<String, Object> rdf, int index) {
		return (Map<String, Object>) axis(rdf, index).get("size");
	}

	private static Map<String, Object> tf(Map<String, Object> rdf) {
		return (Map<String, Object>) ((Map<?, ?>) rdf.get("weights")).get("tensorflow_saved_model_bundle");
	}

	private static Map<String, Object> unet(Map<String, Object> rdf) {
		return (Map<String, Object>) ((Map<?, ?>) rdf.get("config")).get("unet");
	}
}
