package org.unetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unetfiji.cli.CommandLineTest.run;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.unetfiji.cli.CommandLineTest.Result;

/**
 * {@code ./unet check} on a published bioimage.io package ({@code unet2d_nuclei_broad}: channels-first, fixed size,
 * zero mean unit variance, sigmoid) read from its 0.5 and 0.4 descriptors; segmenting with it is
 * {@link PublishedModelSegmentTest}.
 */
class CheckCommandTest {

	static final Path NUCLEI = Path.of("../shared/models-external/unet2d_nuclei_broad");

	@Test
	void publishedModelFromItsBioimageioYamlPassesWithOnnx() {
		Result result = run("check", "model=" + NUCLEI, "engine=onnx");
		assertEquals(0, result.code(), result.out() + result.err());
		assertTrue(result.out().contains("largest difference: "), result.out());
		assertTrue(result.out().contains("passed"), result.out());
	}

	@Test
	void ourBundledModelsPass() {
		for (String model : new String[]{ "em-membranes-2d", "nuclei-3d" }) {
			Result result = run("check", "model=" + model);
			assertEquals(0, result.code(), result.out() + result.err());
			assertTrue(result.out().contains("engine:             TensorFlow"), result.out());
		}
	}

	@Test
	void infoDescribesThePublishedPackage() {
		Result result = run("info", "model=" + NUCLEI);
		assertEquals(0, result.code(), result.out() + result.err());
		assertTrue(result.out().contains("model:          UNet 2D Nuclei Broad"), result.out());
		assertTrue(result.out().contains("element size:   not stated"), result.out());
	}

	@Test
	void publishedModelFromIts04DescriptorPassesWithOnnx() {
		Result result = run("check", "model=" + NUCLEI.resolve("v0_4_9.bioimageio.yaml"), "engine=onnx");
		assertEquals(0, result.code(), result.out() + result.err());
		assertTrue(result.out().contains("passed"), result.out());
	}

	@Test
	void publishedModelPassesWithTorchScriptFromBothDescriptors() {
		for (Path descriptor : new Path[]{ NUCLEI, NUCLEI.resolve("v0_4_9.bioimageio.yaml") }) {
			Result result = run("check", "model=" + descriptor, "engine=torchscript");
			assertEquals(0, result.code(), result.out() + result.err());
			assertTrue(result.out().contains("engine:             PyTorch"), result.out());
			assertTrue(result.out().contains("passed"), result.out());
		}
	}
}
