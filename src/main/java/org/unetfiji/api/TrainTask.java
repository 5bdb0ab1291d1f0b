package org.unetfiji.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.unetfiji.engine.Engines;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.engine.TrainingEngine;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.ops.MirrorPadding;
import org.unetfiji.image.ops.PercentileNormalizer;
import org.unetfiji.inference.Rescaling;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.network.NetworkConfig;
import org.unetfiji.network.PoolingPlan;
import org.unetfiji.training.LogRow;
import org.unetfiji.export.ModelExport;
import org.unetfiji.training.LabelKind;
import org.unetfiji.training.RoiLabels;
import org.unetfiji.training.Target;
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
 * Trains a new U-Net, or finetunes a model, as a {@link TrainRequest} says, and writes the model package.
 * Checkpoints, the log and the learning curve go to {@code <output>.training}; the same request again after a
 * stop or a kill resumes there. Training runs on the device the request chooses, resumed and finetuned runs too.
 */
public final class TrainTask {

	private TrainTask() {}

	/** Trains; a cancel writes no model (the checkpoint stays to resume from). */
	public static TrainResult run(TrainRequest request, TrainListener listener, BooleanSupplier cancelled)
		throws Exception
	{
		return run(request, listener, cancelled, () -> false);
	}

	/**
	 * Trains.
	 *
	 * @param cancelled the caller's cancel: training stops at the next step and no model is written
	 *          ({@link CancellationException}); the checkpoint stays to resume from
	 * @param stopKeepingModel a stop after which the model is still written (the command line's Ctrl-C), with
	 *          {@link Trainer.Stop#CANCELLED} in the result
	 * @throws IllegalArgumentException for a wrong request (output exists, images that do not fit, ...)
	 */
	public static TrainResult run(TrainRequest request, TrainListener listener, BooleanSupplier cancelled,
		BooleanSupplier stopKeepingModel) throws Exception
	{
		TrainResult[] result = new TrainResult[1];
		Cancellation.during(cancelled, () -> result[0] = train(request, listener, stopKeepingModel));
		return result[0];
	}

	private static TrainResult train(TrainRequest request, TrainListener listener, BooleanSupplier stopKeepingModel)
		throws Exception
	{
		Path output = request.output();
		if (Files.exists(output))
			throw new IllegalArgumentException("output=" + output + " exists; choose a new folder for the model");
		TrainingFolder folder = TrainingFolder.besideModel(output);
		if (folder.hasCheckpoint() && !request.resume()) throw new IllegalArgumentException(folder.path() +
			" holds a checkpoint of an earlier run: resume=true continues it, or delete that folder to start afresh");
		TrainingEngine engine = Engines.tensorFlow().on(request.device());
		listener.device(engine.device(), request.device());

		ModelPackage basePackage = request.model() == null ? null : ModelPackage.open(request.model());
		try {
			PercentileNormalizer normalization = basePackage == null ? PercentileNormalizer.DEFAULT
				: PercentileNormalizer.from(basePackage.descriptor().normalization());
			boolean slices = request.dims() == 2;
			RoiLabels.Content rois = roiContent(request.training());
			if (request.validation() != null) rois = rois.and(roiContent(request.validation()));
			OptionalInt ignore = request.targets().ignoreLabel(rois);
			List<LabelledImage> all = read(request.training(), normalization, slices, ignore);
			double labelled = TrainingTargets.labelledFraction(all, ignore);
			TargetSettings targets = request.targets().resolve(rois, labelled);
			TrainingData.Split split = request.validation() != null
				? new TrainingData.Split(all, read(request.validation(), normalization, slices, ignore))
				: TrainingData.split(all, request.validationFraction(), request.seed());
			LabelledImage first = split.training().get(0);
			int dims = first.image().rank() - 1;
			if (request.dims() == 3 && dims != 3)
				throw new IllegalArgumentException("dims=3 needs 3D stacks; the images are 2D");
			int channels = (int) first.image().size(dims);
			List<String> classNames = classNames(request, targets);
			int classes = classNames.size();
			List<TrainingSample> training = TrainingTargets.build(split.training(), targets, classes);
			List<TrainingSample> validation = TrainingTargets.build(split.validation(), targets, classes);

			NetworkConfig baseConfig = basePackage == null ? null
				: NetworkConfig.fromMap(basePackage.descriptor().network());
			NetworkConfig config = config(request, baseConfig, dims, channels, classes, first.voxelSize());
			long[] tile = tile(request.tile(), dims, config.sizeMultiple());
			config.checkInputSize(tile);
			TrainingSettings settings = new TrainingSettings(tile, request.batch(), request.trainingSteps(),
				(float) request.lr(), request.schedule(), request.seed(), augmentation(request),
				request.validateEvery(), request.patience(), request.minutes(), request.workers(),
				(float) request.diceWeight(targets.dense()));
			Trainer trainer = new Trainer(training, validation, classes, settings, targets);
			String started = "training " + config + " on " + training.size() + " image(s), validating on " +
				validation.size() + "; " +
				(settings.timed() ? "for " + minutesText(request.minutes()) + " minutes, steps"
					: settings.steps() + " steps") +
				" of " + request.batch() + " tile(s) " + Arrays.toString(tile) + ", labels " + targets.labels() +
				(valuesDecided(request.targets(), targets)
					? String.format(Locale.ROOT, " (%.1f%% of the annotated voxels labelled)", 100 * labelled) : "") +
				", target " + targets.target() + " (classes " + String.join(", ", classNames) + ")" + ", weights " +
				targets.weights() + (settings.diceWeight() > 0 ? ", Dice weight " + settings.diceWeight() : "");
			boolean resuming = folder.hasCheckpoint();
			try (TrainableNetwork network = network(engine, folder, config, basePackage, baseConfig, request)) {
				listener.started(started);
				if (resuming) listener.resumed(
					"resuming from the checkpoint at step " + folder.state().step() + " in " + folder.path(),
					folder.log(folder.state().step()));
				Trainer.Result result = train(trainer, network, folder, listener, stopKeepingModel);
				// a caller's cancel (Esc in Fiji) writes no model; Ctrl-C still writes one
				if (Cancellation.requested())
					throw new CancellationException("cancelled at step " + result.state().step() +
						"; running the same command again resumes from the checkpoint in " + folder.path());
				TrainableNetwork best = result.state().bestStep() > 0 ? engine.load(folder.bestModel(), config) : null;
				PostprocessingSearch.Choice chosen;
				double[] elementSize = elementSizeUm(request.training(), first.voxelSize());
				try {
					TrainableNetwork kept = best != null ? best : network;
					chosen = PostprocessingSearch.choose(kept, validation, classNames);
					Map<String, Object> record = new LinkedHashMap<>(
						ModelExport.trainingRecord(settings, targets, result, names(training), names(validation)));
					if (chosen != null) record.put("postprocessing", chosen.toMap());
					String about = "U-Net trained with U-Net for Fiji on " + training.size() + " image(s) from " +
						request.training().origin();
					ModelExport.write(output, kept, normalization,
						new ModelExport.Description(request.modelName(), about, classNames, elementSize, record,
							chosen == null ? List.of() : chosen.steps()),
						testInput(training.get(0), tile), engine.name());
				}
				finally {
					if (best != null) best.close();
				}
				String summary = String.format(Locale.ROOT,
					"%s after %d steps in %.0f s (%s); TensorFlow step " +
						"%.0f%% of wall time, waiting for data %.0f%%; model written to %s (%s); log in %s",
					result.stop().toString().toLowerCase(Locale.ROOT).replace('_', ' '), result.state().step(),
					result.state().seconds(),
					best != null ? "best validation at step " + result.state().bestStep() : "last step",
					100 * result.engineFraction(), 100 * result.waitingFraction(), output, request.modelName(),
					folder.path()) + (chosen == null ? "" : "; " + chosen.describe(elementSize, classes == 2));
				TrainResult done = new TrainResult(result, output, summary);
				listener.finished(done);
				return done;
			}
		}
		finally {
			if (basePackage != null) basePackage.close();
		}
	}

	/** Whether the label values (not the ROI sets, nor {@code label-type=}) decided the label kind. */
	private static boolean valuesDecided(TrainTargets asked, TargetSettings resolved) {
		return asked.labelType() == LabelKind.AUTO &&
			(resolved.labels() == LabelKind.AUTO || resolved.labels() == LabelKind.DENSE);
	}

	/**
	 * The class names of the output channels: those of {@code classes=} for a foreground target, those of the
	 * boundary target otherwise (then {@code classes=} must not be given).
	 */
	private static List<String> classNames(TrainRequest request, TargetSettings targets) {
		List<String> names = targets.classNames(request.classes());
		if (!names.equals(request.classes()) && !request.classes().equals(TrainRequest.DEFAULT_CLASSES))
			throw new IllegalArgumentException("target=" + targets.target() + " trains the classes " +
				String.join(",", names) + "; leave out classes=" + String.join(",", request.classes()));
		return names;
	}

	/** The network to train: the model's own when finetuning (other classes allowed), else a new one. */
	private static NetworkConfig config(TrainRequest request, NetworkConfig baseConfig, int dims, int channels,
		int classes, double[] voxelSize)
	{
		if (baseConfig == null) return new NetworkConfig(dims, channels, classes, request.filters(), false,
			PoolingPlan.forVoxelSize(voxelSize, request.depth() != null ? request.depth() : dims == 3 ? 3 : 4),
			request.upsampling() != null ? request.upsampling() : TrainRequest.DEFAULT_UPSAMPLING);
		if (baseConfig.dims() != dims || baseConfig.inputChannels() != channels) throw new IllegalArgumentException(
			"model=" + request.model() + " takes " + baseConfig.dims() + "D images with " + baseConfig.inputChannels() +
				" channel(s); the training images are " + dims + "D with " + channels);
		int[][] pooling = new int[baseConfig.depth()][];
		for (int level = 0; level < pooling.length; level++)
			pooling[level] = baseConfig.pooling(level);
		return new NetworkConfig(dims, channels, classes, baseConfig.baseFilters(), baseConfig.batchNorm(), pooling,
			baseConfig.upsampling());
	}

	/**
	 * The checkpoint to resume from, or the model to finetune, or a fresh network: the one place that asks the
	 * engine for a network to train.
	 */
	private static TrainableNetwork network(TrainingEngine engine, TrainingFolder folder, NetworkConfig config,
		ModelPackage base, NetworkConfig baseConfig, TrainRequest request) throws IOException
	{
		if (folder.hasCheckpoint()) return engine.load(folder.checkpointModel(), config);
		if (base != null) return engine.finetune(base.savedModelFolder(), baseConfig, config, request.freezeEncoder(),
			request.seed());
		return engine.create(config, request.seed());
	}

	/** Trains up to the end, a limit, a cancel or a stop, handing each step and log row to the listener. */
	private static Trainer.Result train(Trainer trainer, TrainableNetwork network, TrainingFolder folder,
		TrainListener listener, BooleanSupplier stopKeepingModel) throws IOException
	{
		long start = System.nanoTime();
		return trainer.train(network, folder, new Trainer.Progress() {

			@Override
			public void step(int step, int steps, float loss) {
				listener.progress(step, steps);
			}

			@Override
			public void logged(LogRow row) {
				listener.logged(row, (System.nanoTime() - start) / 1e9);
			}
		}, () -> stopKeepingModel.getAsBoolean() || Cancellation.requested());
	}

	/**
	 * The pixel size the model is trained at, in micrometres: the first image's, or unknown (empty) when it is not
	 * calibrated in a length unit, so that a model never claims a size it has no basis for.
	 */
	private static double[] elementSizeUm(TrainRequest.Annotations images, double[] voxelSize) throws IOException {
		String unit;
		if (images instanceof TrainRequest.Folders files)
			unit = ImageFiles.openLazily(ImageFiles.imagesIn(files.images()).get(0)).unit();
		else unit = ((TrainRequest.InMemory) images).pairs().get(0).image().unit();
		double perUm = Rescaling.micrometres(unit);
		return Double.isNaN(perUm) ? new double[0] : Arrays.stream(voxelSize).map(v -> v * perUm).toArray();
	}

	/** Minutes as {@code minutes=} would give them: 25, 0.5. */
	private static String minutesText(double minutes) {
		return minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
	}

	private static List<String> names(List<TrainingSample> samples) {
		return samples.stream().map(TrainingSample::name).toList();
	}

	private static RoiLabels.Content roiContent(TrainRequest.Annotations images) throws IOException {
		if (!(images instanceof TrainRequest.Folders files)) return RoiLabels.Content.NONE;
		return TrainingData.roiContent(ImageFiles.imagesIn(files.images()), files.labels());
	}

	private static List<LabelledImage> read(TrainRequest.Annotations images, PercentileNormalizer normalization,
		boolean slices, OptionalInt ignore) throws IOException
	{
		if (images instanceof TrainRequest.Folders files) return TrainingData.read(ImageFiles.imagesIn(files.images()),
			files.labels(), normalization, slices, ignore);
		return TrainingData.read(((TrainRequest.InMemory) images).pairs(), normalization, slices);
	}

	private static AugmentationSettings augmentation(TrainRequest request) {
		return request.augment() ? AugmentationSettings.defaults().with(request.rotation(), request.elastic(),
			request.gamma(), request.noise()) : AugmentationSettings.none();
	}

	/** The given tile, or the default one (2D 128², 3D 32×64×64) rounded up to sizes the network takes. */
	private static long[] tile(long[] given, int dims, int[] multiple) {
		if (given != null && given.length != 1 && given.length != dims) throw new IllegalArgumentException(
			"tile=" + TrainRequest.tileText(given) + " needs one size or " + dims + " sizes (z,y,x)");
		long[] sizes = given != null ? given : dims == 3 ? new long[]{ 32, 64, 64 } : new long[]{ 128 };
		long[] tile = new long[dims];
		for (int a = 0; a < dims; a++) {
			tile[a] = sizes[sizes.length == 1 ? 0 : a];
			if (given == null) tile[a] = (tile[a] + multiple[a] - 1) / multiple[a] * multiple[a];
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
