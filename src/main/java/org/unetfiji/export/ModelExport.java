package org.unetfiji.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.unetfiji.io.Folders;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.image.ops.PercentileNormalizer;
import org.unetfiji.model.Author;
import org.unetfiji.model.Axis;
import org.unetfiji.model.Citation;
import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.NpyArray;
import org.unetfiji.model.Processing;
import org.unetfiji.model.TensorDescription;
import org.unetfiji.model.WeightsEntry;
import org.unetfiji.network.NetworkConfig;
import org.unetfiji.training.LogRow;
import org.unetfiji.training.TargetSettings;
import org.unetfiji.training.Trainer;
import org.unetfiji.training.TrainingSettings;

/** Writes a trained network as a model package: SavedModel, descriptor and test tensors. */
public final class ModelExport {

	private ModelExport() {}

	/** What the package says about itself beyond the network. */
	public record Description(String name, String description, List<String> classNames, double[] elementSizeUm,
		Map<String, Object> training, List<Processing> postprocessing) {

		/** A model with the default post-processing. */
		public Description(String name, String description, List<String> classNames, double[] elementSizeUm,
			Map<String, Object> training)
		{
			this(name, description, classNames, elementSizeUm, training, List.of());
		}
	}

	/**
	 * @param testInput a normalised test image {@code (1, [z,] y, x, channels)} of a valid size, stored with the
	 *          network's output for it so that anyone can check the package reproduces it
	 */
	public static ModelPackage write(Path folder, TrainableNetwork network, PercentileNormalizer normalization,
		Description about, FloatTensor testInput, String engineVersion) throws IOException
	{
		NetworkConfig config = network.config();
		List<String> spatial = config.dims() == 3 ? List.of("z", "y", "x") : List.of("y", "x");
		int[] multiple = config.sizeMultiple();
		List<Axis> inputAxes = new ArrayList<>(List.of(Axis.batch()));
		List<Axis> outputAxes = new ArrayList<>(List.of(Axis.batch()));
		int[] field = config.receptiveField();
		for (int a = 0; a < spatial.size(); a++) {
			inputAxes.add(Axis.space(spatial.get(a), multiple[a], multiple[a]));
			outputAxes.add(Axis.spaceLike("input", spatial.get(a), field[a] / 2));
		}
		String[] channels = new String[config.inputChannels()];
		for (int c = 0; c < channels.length; c++)
			channels[c] = "channel" + c;
		inputAxes.add(Axis.channel(channels));
		outputAxes.add(Axis.channel(about.classNames().toArray(String[]::new)));
		ModelDescriptor descriptor = ModelDescriptor.builder().formatVersion(ModelDescriptor.FORMAT_VERSION)
			.name(about.name()).description(about.description()).author(new Author("U-Net for Fiji"))
			.cite(new Citation(
				"Falk et al. (2019) U-Net: deep learning for cell counting, detection, and morphometry. Nat Methods 16, 67-70",
				"10.1038/s41592-018-0261-2", null))
			.license("BSD-2-Clause").documentation("README.md")
			.tags("unet-fiji", config.dims() == 3 ? "3d" : "2d", "segmentation")
			.input(new TensorDescription("input", inputAxes, normalization.toDescriptor().asPreprocessing(spatial)))
			.output(new TensorDescription("probabilities", outputAxes, List.of()))
			.weights(ModelDescriptor.TENSORFLOW_WEIGHTS,
				WeightsEntry.pending(ModelDescriptor.TENSORFLOW_VERSION, engineVersion))
			.network(config.toMap()).elementSizeUm(about.elementSizeUm())
			.classNames(about.classNames().toArray(String[]::new)).normalization(normalization.toDescriptor())
			.training(about.training()).postprocessing(about.postprocessing()).created(Instant.now())
			.unetFijiVersion(version()).build();
		FloatTensor testOutput = network.predict(testInput);
		Path work = Files.createTempDirectory("unet-export");
		try {
			Path saved = work.resolve("saved_model");
			network.saveWithoutOptimizerState(saved);
			return ModelPackage.write(folder, descriptor, saved, new NpyArray(testInput.shape(), testInput.data()),
				new NpyArray(testOutput.shape(), testOutput.data()));
		}
		finally {
			Folders.deleteTree(work);
		}
	}

	/** The training record stored in the descriptor: settings, targets, images, time and the log. */
	public static Map<String, Object> trainingRecord(TrainingSettings settings, TargetSettings targets,
		Trainer.Result result, List<String> images, List<String> validationImages)
	{
		Map<String, Object> record = new LinkedHashMap<>(settings.toMap());
		record.putAll(targets.toMap());
		record.put("images", List.copyOf(images));
		record.put("validation_images", List.copyOf(validationImages));
		record.put("steps_done", result.state().step());
		record.put("stopped", result.stop().toString().toLowerCase(java.util.Locale.ROOT));
		record.put("seconds", Math.round(result.state().seconds() * 10) / 10.0);
		if (result.state().bestStep() > 0) record.put("best_step", result.state().bestStep());
		record.put("log", result.log().stream().map(ModelExport::logEntry).toList());
		return record;
	}

	private static Map<String, Object> logEntry(LogRow row) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("step", row.step());
		entry.put("train_loss", rounded(row.trainLoss()));
		entry.put("validation_loss", rounded(row.validationLoss()));
		entry.put("pixel_accuracy", rounded(row.pixelAccuracy()));
		entry.put("foreground_iou", rounded(row.foregroundIoU()));
		entry.put("instance_f1", rounded(row.f1()));
		if (!Double.isNaN(row.boundaryF1())) entry.put("boundary_f1", rounded(row.boundaryF1()));
		return entry;
	}

	private static double rounded(double value) {
		return Double.isNaN(value) ? value : Math.round(value * 1e4) / 1e4;
	}

	private static String version() {
		String v = ModelExport.class.getPackage().getImplementationVersion();
		return v == null ? "development" : v;
	}
}
