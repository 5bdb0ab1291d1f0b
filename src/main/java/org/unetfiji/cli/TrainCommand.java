package org.unetfiji.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.unetfiji.api.Cancellation;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engines;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.engine.TrainingEngine;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.inference.MirrorPadding;
import org.unetfiji.inference.Normalization;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.network.NetworkConfig;
import org.unetfiji.network.PoolingPlan;
import org.unetfiji.training.LearningRateSchedule;
import org.unetfiji.training.ModelExport;
import org.unetfiji.training.RoiLabels;
import org.unetfiji.training.TargetSettings;
import org.unetfiji.training.Trainer;
import org.unetfiji.training.TrainingData;
import org.unetfiji.training.TrainingFolder;
import org.unetfiji.training.TrainingSample;
import org.unetfiji.training.TrainingSettings;
import org.unetfiji.training.TrainingTargets;
import org.unetfiji.training.TrainingTargets.LabelledImage;
import org.unetfiji.training.augmentation.AugmentationSettings;

/**
 * {@code unet train images=DIR labels=DIR output=DIR ...}: trains a new U-Net, or finetunes an existing model
 * ({@code model=}), on image/label pairs (same file names) and writes a model package. Checkpoints, the log and
 * the learning curve go to {@code <output>.training}; running the same command again after a kill resumes there.
 * Training runs on the device {@code device=} chooses (said in the log), resumed and finetuned runs too.
 */
final class TrainCommand implements CliCommand {

	@Override
	public String usage() {
		return "images=DIR labels=DIR output=DIR [name= model=EXISTING freeze-encoder=false dims=auto depth=4 " +
			"(3D: 3) filters=16 classes=background,foreground " + TargetParameters.USAGE + " steps=2000 " +
			"tile=128 (3D: 32,64,64) batch=2 lr=0.001 schedule=cosine|constant|step seed=1 augment=true elastic=6 " +
			"rotation=180 gamma=0 noise=0 validation=0.2 validation-images=DIR validation-labels=DIR " +
			"validate-every=100 patience=0 minutes=0 workers=1 dice=0 resume=true device=auto|cpu|gpu|gpu:N]   train or " +
			"finetune a model";
	}

	@Override
	public int run(Parameters parameters, PrintStream out, PrintStream err) throws Exception {
		Path images = parameters.path("images");
		Path labels = parameters.path("labels");
		Path output = parameters.path("output");
		String name = parameters.optional("name", output.getFileName().toString());
		String base = parameters.optional("model", null);
		boolean freeze = flag(parameters, "freeze-encoder", false);
		String dimsText = parameters.optional("dims", "auto");
		List<String> classNames = List.of(parameters.optional("classes", "background,foreground").split(","));
		int steps = parameters.integer("steps", 2000, 1, 10_000_000);
		String tileText = parameters.optional("tile", null);
		int batch = parameters.integer("batch", 2, 1, 1024);
		float lr = (float) parameters.number("lr", 1e-3, 1e-7, 0.5);
		LearningRateSchedule schedule = LearningRateSchedule.parse(parameters.optional("schedule", "cosine"));
		long seed = parameters.integer("seed", 1, 0, Integer.MAX_VALUE);
		AugmentationSettings augmentation = flag(parameters, "augment", true) ? AugmentationSettings.defaults().with(
			parameters.number("rotation", 180, 0, 180), parameters.number("elastic", 6, 0, 1000), parameters.number(
				"gamma", 0, 0, 3), parameters.number("noise", 0, 0, 10)) : AugmentationSettings.none();
		double validationFraction = parameters.number("validation", 0.2, 0, 0.9);
		String validationImages = parameters.optional("validation-images", null);
		String validationLabels = parameters.optional("validation-labels", null);
		int validateEvery = parameters.integer("validate-every", 100, 1, 10_000_000);
		int patience = parameters.integer("patience", 0, 0, 100_000);
		double minutes = parameters.number("minutes", 0, 0, 1e6);
		float dice = (float) parameters.number("dice", 0, 0, 100);
		int workers = parameters.integer("workers", 1, 1, 64);
		boolean resume = flag(parameters, "resume", true);
		DeviceChoice device = DeviceChoice.parse(parameters.optional(DeviceChoice.KEY, null));
		if (!dimsText.matches("auto|2|3")) throw new IllegalArgumentException("dims=" + dimsText +
			" is not one of auto, 2, 3");
		if (freeze && base == null) throw new IllegalArgumentException("freeze-encoder=true needs model= to finetune");
		if ((validationImages != null) != (validationLabels != null)) throw new IllegalArgumentException(
			"validation-images= and validation-labels= go together");
		if (Files.exists(output)) throw new IllegalArgumentException("output=" + output +
			" exists; choose a new folder for the model");
		TrainingFolder folder = TrainingFolder.besideModel(output);
		if (folder.hasCheckpoint() && !resume) throw new IllegalArgumentException(folder.path() +
			" holds a checkpoint of an earlier run: resume=true continues it, or delete that folder to start afresh");
		TrainingEngine engine = Engines.tensorFlow().on(device);
		SegmentCommand.printDevice(engine.device(), device, err);

		ModelPackage basePackage = base == null ? null : Models.open(base);
		try {
			Normalization normalization = basePackage == null ? Normalization.DEFAULT : Normalization.from(basePackage
				.descriptor().normalization());
			boolean slices = dimsText.equals("2");
			List<Path> imageFiles = ImageFiles.imagesIn(images);
			List<Path> validationFiles = validationImages == null ? List.of() : ImageFiles.imagesIn(Path.of(
				validationImages));
			RoiLabels.Content rois = TrainingData.roiContent(imageFiles, labels);
			if (validationImages != null) rois = rois.and(TrainingData.roiContent(validationFiles, Path.of(
				validationLabels)));
			TargetSettings targets = TargetParameters.parse(parameters, rois);
			OptionalInt ignore = targets.map().ignoreLabel();
			List<LabelledImage> all = TrainingData.read(imageFiles, labels, normalization, slices, ignore);
			TrainingData.Split split = validationImages != null ? new TrainingData.Split(all, TrainingData.read(
				validationFiles, Path.of(validationLabels), normalization, slices, ignore)) : TrainingData.split(all,
					validationFraction, seed);
			LabelledImage first = split.training().get(0);
			int dims = first.image().rank() - 1;
			if (dimsText.equals("3") && dims != 3) throw new IllegalArgumentException(
				"dims=3 needs 3D stacks; the images are 2D");
			int channels = (int) first.image().size(dims);
			List<TrainingSample> training = TrainingTargets.build(split.training(), targets, classNames.size());
			List<TrainingSample> validation = TrainingTargets.build(split.validation(), targets, classNames.size());

			NetworkConfig config;
			NetworkConfig baseConfig = null;
			if (basePackage != null) {
				baseConfig = NetworkConfig.fromMap(basePackage.descriptor().network());
				if (baseConfig.dims() != dims || baseConfig.inputChannels() != channels) throw new IllegalArgumentException(
					"model=" + base + " takes " + baseConfig.dims() + "D images with " + baseConfig.inputChannels() +
						" channel(s); the training images are " + dims + "D with " + channels);
				config = new NetworkConfig(dims, channels, classNames.size(), baseConfig.baseFilters(), baseConfig
					.batchNorm(), pooling(baseConfig));
			}
			else {
				int depth = parameters.integer("depth", dims == 3 ? 3 : 4, 0, 6);
				int filters = parameters.integer("filters", 16, 1, 256);
				config = new NetworkConfig(dims, channels, classNames.size(), filters, false, PoolingPlan.forVoxelSize(
					first.voxelSize(), depth));
			}
			parameters.checkAllUsed();
			long[] tile = tile(tileText, dims, config.sizeMultiple());
			config.checkInputSize(tile);
			TrainingSettings settings = new TrainingSettings(tile, batch, steps, lr, schedule, seed, augmentation,
				validateEvery, patience, minutes, workers, dice);
			Trainer trainer = new Trainer(training, validation, classNames.size(), settings);
			out.println("training " + config + " on " + training.size() + " image(s), validating on " + validation
				.size() + "; " + steps + " steps of " + batch + " tile(s) " + Arrays.toString(tile) + ", labels " +
				targets.labels() + ", weights " + targets.weights());
			try (TrainableNetwork network = network(engine, folder, config, basePackage, baseConfig, freeze, seed,
				out))
			{
				Trainer.Result result = trainWithCancel(trainer, network, folder, err);
				// a caller's cancel (Esc in Fiji) writes no model; Ctrl-C still writes one
				if (Cancellation.requested()) throw new CancellationException("cancelled at step " + result
					.state().step() + "; running the same command again resumes from the checkpoint in " + folder.path());
				TrainableNetwork best = result.state().bestStep() > 0 ? engine.load(folder.bestModel(), config) : null;
				try {
					ModelExport.write(output, best != null ? best : network, normalization, new ModelExport.Description(
						name, "U-Net trained with U-Net for Fiji on " + training.size() + " image(s) from " + images,
						classNames, first.voxelSize(), ModelExport.trainingRecord(settings, targets, result,
							training.stream().map(TrainingSample::name).toList(), validation.stream().map(
								TrainingSample::name).toList())), testInput(training.get(0), tile), engine.name());
				}
				finally {
					if (best != null) best.close();
				}
				out.printf(Locale.ROOT, "%s after %d steps in %.0f s (%s); TensorFlow step %.0f%% of wall time, " +
					"waiting for data %.0f%%; model written to %s (%s); log in %s%n", result.stop().toString()
						.toLowerCase(Locale.ROOT).replace('_', ' '), result.state().step(), result.state().seconds(),
					best != null ? "best validation at step " + result.state().bestStep() : "last step",
					100 * result.engineFraction(), 100 * result.waitingFraction(), output, name, folder.path());
				return result.stop() == Trainer.Stop.CANCELLED ? 130 : 0;
			}
		}
		finally {
			if (basePackage != null) basePackage.close();
		}
	}

	/** The checkpoint to resume from, or the model to finetune, or a fresh network. */
	private static TrainableNetwork network(TrainingEngine engine, TrainingFolder folder, NetworkConfig config,
		ModelPackage base, NetworkConfig baseConfig, boolean freeze, long seed, PrintStream out)
		throws java.io.IOException
	{
		if (folder.hasCheckpoint()) {
			out.println("resuming from the checkpoint at step " + folder.state().step() + " in " + folder.path());
			return engine.load(folder.checkpointModel(), config);
		}
		if (base != null) return engine.finetune(base.savedModelFolder(), baseConfig, config, freeze, seed);
		return engine.create(config, seed);
	}

	/** Trains; Ctrl-C (or a kill with SIGTERM) stops after the current step, leaving a checkpoint and a model. */
	private static Trainer.Result trainWithCancel(Trainer trainer, TrainableNetwork network, TrainingFolder folder,
		PrintStream err) throws java.io.IOException
	{
		AtomicBoolean cancelled = new AtomicBoolean();
		CountDownLatch finished = new CountDownLatch(1);
		Thread hook = new Thread(() -> {
			cancelled.set(true);
			try {
				finished.await(120, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		});
		Runtime.getRuntime().addShutdownHook(hook);
		long start = System.nanoTime();
		try {
			return trainer.train(network, folder, new Trainer.Progress() {

				@Override
				public void step(int step, int steps, float loss) {}

				@Override
				public void logged(org.unetfiji.training.LogRow row) {
					double seconds = (System.nanoTime() - start) / 1e9;
					if (Double.isNaN(row.validationLoss())) err.printf(Locale.ROOT,
						"step %d  loss %.4f  (no validation images)  (%.0f s)%n", row.step(), row.trainLoss(), seconds);
					else err.printf(Locale.ROOT, "step %d  loss %.4f  validation loss %.4f  accuracy %.3f  " +
						"foreground IoU %.3f  F1 %.3f  (%.0f s)%n", row.step(), row.trainLoss(), row.validationLoss(), row
							.pixelAccuracy(), row.foregroundIoU(), row.f1(), seconds);
				}
			}, () -> cancelled.get() || Cancellation.requested());
		}
		finally {
			finished.countDown();
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			}
			catch (IllegalStateException shuttingDown) {
				// the hook is running: it waits for the model to be written
			}
		}
	}

	private static int[][] pooling(NetworkConfig config) {
		int[][] pooling = new int[config.depth()][];
		for (int level = 0; level < pooling.length; level++)
			pooling[level] = config.pooling(level);
		return pooling;
	}

	private static boolean flag(Parameters parameters, String key, boolean defaultValue) {
		String text = parameters.optional(key, Boolean.toString(defaultValue));
		if (!text.equals("true") && !text.equals("false")) throw new IllegalArgumentException(key + "=" + text +
			" is not true or false");
		return text.equals("true");
	}

	/** The given tile, or the default one (2D 128², 3D 32×64×64) rounded up to sizes the network takes. */
	private static long[] tile(String text, int dims, int[] multiple) {
		boolean given = text != null;
		String[] parts = (given ? text : dims == 3 ? "32,64,64" : "128").split(",");
		if (parts.length != 1 && parts.length != dims) throw new IllegalArgumentException("tile=" + text +
			" needs one size or " + dims + " sizes (z,y,x)");
		long[] tile = new long[dims];
		for (int a = 0; a < dims; a++)
			try {
				tile[a] = Long.parseLong(parts[parts.length == 1 ? 0 : a].trim());
				if (!given) tile[a] = (tile[a] + multiple[a] - 1) / multiple[a] * multiple[a];
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("tile=" + text + " is not a list of whole numbers");
			}
		return tile;
	}

	/** The first tile of a training image, as a batch of one. */
	private static FloatTensor testInput(TrainingSample sample, long[] tile) {
		FloatTensor crop = MirrorPadding.pad(sample.image(), new long[tile.length], tile);
		long[] shape = new long[tile.length + 2];
		shape[0] = 1;
		System.arraycopy(crop.shape(), 0, shape, 1, tile.length + 1);
		return new FloatTensor(crop.data(), shape);
	}
}
