package org.unetfiji.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small 2D model descriptor and a fake SavedModel folder for the tests. */
final class TestModels {

	private TestModels() {}

	static ModelDescriptor descriptor() {
		Map<String, Object> network = new LinkedHashMap<>();
		network.put("dims", 2);
		network.put("depth", 4);
		network.put("base_filters", 16);
		network.put("classes", 2);
		network.put("input_channels", 1);
		network.put("batch_norm", false);
		network.put("pooling", new int[][]{ { 2, 2 }, { 2, 2 }, { 2, 2 }, { 2, 2 } });
		Map<String, Object> training = new LinkedHashMap<>();
		training.put("learning_rate", 1e-4f);
		training.put("iterations", 1000L);
		training.put("loss_history", List.of(0.7, 0.5, 0.31));
		NormalizationSpec normalization = NormalizationSpec.percentiles(1, 99.8);
		return ModelDescriptor.builder().name("Nuclei 2D").description("Segments nuclei in 2D fluorescence images.")
			.author(new Author("Ada Lovelace", "Analytical Engines Ltd", "ada", null))
			.cite(new Citation("Falk et al. U-Net: deep learning for cell counting, detection, and morphometry. " +
				"Nat Methods 16, 67-70 (2019)", "10.1038/s41592-018-0261-2", null))
			.license("MIT").tags("unet", "segmentation", "2d")
			.input(new TensorDescription("raw",
				List.of(Axis.batch(), Axis.space("y", 16, 16), Axis.space("x", 16, 16), Axis.channel("DAPI")),
				normalization.asPreprocessing(List.of("y", "x"))))
			.output(new TensorDescription("probabilities",
				List.of(Axis.batch(), Axis.spaceLike("raw", "y", 8), Axis.spaceLike("raw", "x", 8),
					Axis.channel("background", "nucleus")),
				List.of()))
			.network(network).elementSizeUm(0.5, 0.5).classNames("background", "nucleus").normalization(normalization)
			.training(training).created(Instant.parse("2026-01-31T12:00:00Z")).unetFijiVersion("0.1.0").build();
	}

	/** A folder that looks like a SavedModel: saved_model.pb and a variables folder. */
	static Path savedModel(Path parent) throws IOException {
		Path folder = Files.createDirectories(parent.resolve("exported"));
		Files.write(folder.resolve("saved_model.pb"), new byte[]{ 8, 1, 18, 4, 't', 'e', 's', 't' });
		Files.createDirectories(folder.resolve("variables"));
		Files.write(folder.resolve("variables/variables.index"), new byte[]{ 0, 1, 2, 3 });
		byte[] data = new byte[4096];
		for (int i = 0; i < data.length; i++)
			data[i] = (byte) (i * 31);
		Files.write(folder.resolve("variables/variables.data-00000-of-00001"), data);
		return folder;
	}

	static NpyArray testInput() {
		float[] data = new float[16 * 32];
		for (int i = 0; i < data.length; i++)
			data[i] = i / 7f;
		return new NpyArray(new long[]{ 1, 16, 32, 1 }, data);
	}

	static NpyArray testOutput() {
		float[] data = new float[16 * 32 * 2];
		for (int i = 0; i < data.length; i++)
			data[i] = (i % 2 == 0) ? 0.25f : 0.75f;
		return new NpyArray(new long[]{ 1, 16, 32, 2 }, data);
	}

	/** A complete model folder. */
	static ModelPackage writeModel(Path parent) throws IOException {
		return ModelPackage.write(parent.resolve("nuclei"), descriptor(), savedModel(parent), testInput(),
			testOutput());
	}
}
