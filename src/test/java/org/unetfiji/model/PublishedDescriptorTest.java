package org.unetfiji.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The descriptors of a published package: 0.5.4 with the spec's defaults (the x axis has no id), and 0.4.9 converted
 * in memory to the same description.
 */
class PublishedDescriptorTest {

	private static final Path NUCLEI = Path.of("../shared/models-external/unet2d_nuclei_broad");

	@Test
	void version05WithDefaults() throws ModelPackageException {
		ModelDescriptor d = DescriptorIO.read(NUCLEI.resolve("bioimageio.yaml"));
		assertEquals(List.of("batch", "channel", "y", "x"), d.input().axes().stream().map(Axis::id).toList());
		assertEquals(new AxisSize.Fixed(512), d.input().axes().get(3).size());
		assertEquals(32, d.output().axes().get(3).halo());
		assertEquals(new AxisSize.Reference("raw", "x", 0), d.output().axes().get(3).size());
		assertEquals(List.of("probability"), d.classNames());
		assertEquals(List.of(), d.elementSizeUm(), "no axis states a scale");
		assertEquals(List.of("onnx", "pytorch_state_dict", "torchscript"), d.weightFormats());
		assertEquals(List.of("ensure_dtype", "zero_mean_unit_variance", "ensure_dtype"),
			d.input().processing().stream().map(Processing::id).toList());
	}

	@Test
	void fieldsThisPluginDoesNotUseAreKeptWhenRewritten() throws ModelPackageException {
		ModelDescriptor d = DescriptorIO.read(NUCLEI.resolve("bioimageio.yaml"));
		assertEquals(List.of("cover0.png"), d.extra().get("covers"));
		ModelDescriptor again = DescriptorIO.parse(DescriptorIO.toYaml(d), "rdf.yaml");
		assertEquals(d.extra(), again.extra());
		assertEquals(List.of("git_repo", "maintainers", "timestamp", "training_data"),
			List.of("git_repo", "maintainers", "timestamp", "training_data").stream().filter(again.extra()::containsKey)
				.toList());
	}

	@Test
	void version04IsConvertedToTheSameTensors() throws ModelPackageException {
		ModelDescriptor d04 = DescriptorIO.read(NUCLEI.resolve("v0_4_9.bioimageio.yaml"));
		ModelDescriptor d05 = DescriptorIO.read(NUCLEI.resolve("bioimageio.yaml"));
		assertEquals("raw", d04.input().id());
		assertEquals("probability", d04.output().id());
		assertEquals(d05.input().axes().stream().map(Axis::id).toList(),
			d04.input().axes().stream().map(Axis::id).toList());
		assertEquals(new AxisSize.Fixed(512), d04.input().axes().get(2).size());
		assertEquals(new AxisSize.Reference("raw", "y", 0), d04.output().axes().get(2).size());
		assertEquals(32, d04.output().axes().get(2).halo());
		assertEquals(List.of("channel0"), d04.output().channelAxis().orElseThrow().channelNames());
		assertEquals(new Processing("zero_mean_unit_variance", Map.of("axes", List.of("y", "x"))),
			d04.input().processing().get(0));
		assertEquals(List.of(new Processing("sigmoid", Map.of())), d04.output().processing());
		assertEquals("test_input.npy", d04.input().testTensor().source());
		assertNull(d04.input().testTensor().sha256(), "0.4 records no checksum of test tensors");
	}

	@Test
	void version04FixedAndPerDatasetSteps() throws IOException {
		String text = Files.readString(NUCLEI.resolve("v0_4_9.bioimageio.yaml"));
		String fixed = text.replace("mode: per_sample # mode in [fixed, per_dataset, per_sample]",
			"mode: fixed\n          mean: [5.0]\n          std: [2.0]");
		ModelDescriptor d = DescriptorIO.parse(fixed, "fixed.bioimageio.yaml");
		assertEquals(new Processing("fixed_zero_mean_unit_variance",
			Map.of("mean", List.of(5.0), "std", List.of(2.0), "axis", "channel")), d.input().processing().get(0));
		String perDataset = text.replace("mode: per_sample #", "mode: per_dataset #");
		ModelPackageException e = assertThrows(ModelPackageException.class,
			() -> DescriptorIO.parse(perDataset, "rdf.yaml"));
		assertTrue(e.getMessage().contains("per_dataset statistics"), e.getMessage());
		assertEquals("raw", DescriptorIO.read(NUCLEI.resolve("v0_4_0.bioimageio.yaml")).input().id());
		ModelPackageException old = assertThrows(ModelPackageException.class,
			() -> DescriptorIO.parse(text.replace("format_version: 0.4.9", "format_version: 0.3.6"), "rdf.yaml"));
		assertTrue(old.getMessage().startsWith("rdf.yaml: format_version '0.3.6' is not supported; this plugin " +
			"reads bioimage.io model descriptions 0.4.x and 0.5.x"), old.getMessage());
	}
}
