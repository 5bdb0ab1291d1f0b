package org.unetfiji.api;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.unetfiji.device.DeviceChoice;
import org.unetfiji.network.Upsampling;
import org.unetfiji.training.LearningRateSchedule;
import org.unetfiji.training.TrainingData;

/**
 * Train a new U-Net, or finetune a model, on annotated images and write a model package: {@code ./unet train},
 * the Fiji commands U-Net Train and U-Net Finetune. The values are those of the {@code key=value} parameters,
 * with their defaults ({@link #builder}) and their checks and messages.
 *
 * @param training the images to train on (some are held back for validation unless {@code validation} is given)
 * @param validation the images to validate on, or null to hold back {@code validationFraction} of the training
 *            images
 * @param output a new folder for the model package; checkpoints and the log go to {@code <output>.training}
 * @param name the model's name, or null for the output folder's name
 * @param model the model to finetune (folder or .zip), or null for a new network
 * @param dims 2 or 3, or 0 for the images' own ({@code dims=2} cuts stacks into slices)
 * @param depth poolings of a new network, or null for 4 (3D: 3)
 * @param tile one size or one per spatial axis ({@code z,y,x}), or null for 128 (3D: 32,64,64) rounded up to
 *            sizes the network takes
 * @param steps training steps, or null when not given: then as many as fit in {@code minutes} when a time is given,
 *            else {@link #DEFAULT_STEPS} ({@link #trainingSteps})
 * @param augment whether tiles are augmented (with {@code rotation}, {@code elastic}, {@code gamma},
 *            {@code noise} and the fixed flips and intensity changes)
 * @param dice weight of the soft Dice term, or NaN for {@code auto}: 1 for dense labels, else 0
 * @param upsampling the up-sampling of a new network, or null for {@link #DEFAULT_UPSAMPLING} (a finetuned network
 *            keeps its model's)
 */
public record TrainRequest(Annotations training, Annotations validation, Path output, String name, Path model,
	boolean freezeEncoder, int dims, Integer depth, int filters, Upsampling upsampling, List<String> classes,
	TrainTargets targets, Integer steps, long[] tile, int batch, double lr, LearningRateSchedule schedule, long seed,
	boolean augment, double rotation, double elastic, double gamma, double noise, double validationFraction,
	int validateEvery, int patience, double minutes, int workers, double dice, boolean resume, DeviceChoice device) {

	/** A numeric parameter's allowed values, checked with the command line's message. */
	public record Range(String key, double min, double max) {

		/** The value of a whole-number parameter, if allowed. */
		public long check(long value) {
			if (value < min || value > max) throw new IllegalArgumentException(
				key + "=" + value + " is out of range [" + (long) min + ", " + (long) max + "]");
			return value;
		}

		/** The value of a number parameter, if allowed. */
		public double check(double value) {
			if (!(value >= min && value <= max))
				throw new IllegalArgumentException(key + "=" + value + " is out of range [" + min + ", " + max + "]");
			return value;
		}
	}

	/** The classes of a foreground target when {@code classes=} is not given. */
	public static final List<String> DEFAULT_CLASSES = List.of("background", "foreground");

	/**
	 * The up-sampling of new networks: resize-convolution trained dense-cell boundaries as well as transposed
	 * convolutions without their checkerboard (benchmarks/UPSAMPLING.md).
	 */
	public static final Upsampling DEFAULT_UPSAMPLING = Upsampling.RESIZE;

	/** The steps of a run given neither {@code steps=} nor {@code minutes=}. */
	public static final int DEFAULT_STEPS = 2000;

	public static final Range DEPTH = new Range("depth", 0, 6);
	public static final Range FILTERS = new Range("filters", 1, 256);
	public static final Range STEPS = new Range("steps", 1, 10_000_000);
	public static final Range BATCH = new Range("batch", 1, 1024);
	public static final Range LR = new Range("lr", 1e-7, 0.5);
	public static final Range SEED = new Range("seed", 0, Integer.MAX_VALUE);
	public static final Range ROTATION = new Range("rotation", 0, 180);
	public static final Range ELASTIC = new Range("elastic", 0, 1000);
	public static final Range GAMMA = new Range("gamma", 0, 3);
	public static final Range NOISE = new Range("noise", 0, 10);
	public static final Range VALIDATION = new Range("validation", 0, 0.9);
	public static final Range VALIDATE_EVERY = new Range("validate-every", 1, 10_000_000);
	public static final Range PATIENCE = new Range("patience", 0, 100_000);
	public static final Range MINUTES = new Range("minutes", 0, 1e6);
	public static final Range DICE = new Range("dice", 0, 100);
	public static final Range WORKERS = new Range("workers", 1, 64);

	/** Annotated images: files, or images in memory. */
	public sealed interface Annotations {

		/** Where the images come from, as the model's description says. */
		String origin();
	}

	/**
	 * Image files and their labels, paired by file name.
	 *
	 * @param images a folder of TIFF and PNG images, or one image file
	 * @param labels the folder of their label images or ImageJ ROI sets ({@code NAME.zip}, {@code NAME.roi})
	 */
	public record Folders(Path images, Path labels) implements Annotations {

		@Override
		public String origin() {
			return images.toString();
		}
	}

	/** Images with their label images in memory; nothing is written to disk for them. */
	public record InMemory(List<TrainingData.Pair> pairs) implements Annotations {

		public InMemory {
			pairs = List.copyOf(pairs);
		}

		@Override
		public String origin() {
			return pairs.stream().map(TrainingData.Pair::name).collect(Collectors.joining(", "));
		}
	}

	public TrainRequest {
		Objects.requireNonNull(training, "training");
		Objects.requireNonNull(output, "output");
		Objects.requireNonNull(targets, "targets");
		Objects.requireNonNull(schedule, "schedule");
		Objects.requireNonNull(device, "device");
		classes = List.copyOf(classes);
		if (dims != 0 && dims != 2 && dims != 3)
			throw new IllegalArgumentException("dims=" + dims + " is not one of auto, 2, 3");
		if (freezeEncoder && model == null)
			throw new IllegalArgumentException("freeze-encoder=true needs model= to finetune");
		if (depth != null) DEPTH.check(depth);
		FILTERS.check(filters);
		if (steps != null) STEPS.check(steps);
		BATCH.check(batch);
		LR.check(lr);
		SEED.check(seed);
		ROTATION.check(rotation);
		ELASTIC.check(elastic);
		GAMMA.check(gamma);
		NOISE.check(noise);
		VALIDATION.check(validationFraction);
		VALIDATE_EVERY.check(validateEvery);
		PATIENCE.check(patience);
		MINUTES.check(minutes);
		if (!Double.isNaN(dice)) DICE.check(dice);
		if (upsampling != null && model != null)
			throw new IllegalArgumentException("upsampling= is for new networks; a finetuned model keeps its own");
		WORKERS.check(workers);
		if (tile != null) tile = tile.clone();
	}

	/** A request with the defaults of {@code ./unet train}. */
	public static Builder builder(Annotations training, Path output) {
		return new Builder(training, output);
	}

	/**
	 * The steps to train: those given; without {@code steps=} but with {@code minutes=}, 0 for as many as fit in
	 * the time (the learning-rate schedule then follows the time); else {@link #DEFAULT_STEPS}.
	 */
	public int trainingSteps() {
		return steps != null ? steps : minutes > 0 ? 0 : DEFAULT_STEPS;
	}

	/** The weight of the soft Dice term: {@code dice}, or for {@code auto} 1 with dense labels, else 0. */
	public double diceWeight(boolean denseLabels) {
		return !Double.isNaN(dice) ? dice : denseLabels ? 1 : 0;
	}

	/** The model's name: {@code name}, else the output folder's name. */
	public String modelName() {
		return name != null ? name : output.getFileName().toString();
	}

	@Override
	public long[] tile() {
		return tile == null ? null : tile.clone();
	}

	/** Reads a {@code dims=} value: 0 for {@code auto}. */
	public static int dims(String text) {
		if (!text.matches("auto|2|3")) throw new IllegalArgumentException("dims=" + text + " is not one of auto, 2, 3");
		return text.equals("auto") ? 0 : Integer.parseInt(text);
	}

	/** Reads a {@code tile=} value: one size, or one per spatial axis ({@code z,y,x}). */
	public static long[] tile(String text) {
		try {
			return Arrays.stream(text.split(",")).mapToLong(part -> Long.parseLong(part.trim())).toArray();
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("tile=" + text + " is not a list of whole numbers");
		}
	}

	/** Reads a {@code classes=} value: the class names, comma-separated. */
	public static List<String> classes(String text) {
		return List.of(text.split(","));
	}

	/** The tile as {@code tile=} writes it. */
	static String tileText(long[] tile) {
		return Arrays.stream(tile).mapToObj(Long::toString).collect(Collectors.joining(","));
	}

	/** Collects the values of a request, starting from the defaults of {@code ./unet train}. */
	public static final class Builder {

		private final Annotations training;
		private final Path output;
		private Annotations validation;
		private String name;
		private Path model;
		private boolean freezeEncoder;
		private int dims;
		private Integer depth;
		private int filters = 16;
		private Upsampling upsampling;
		private List<String> classes = DEFAULT_CLASSES;
		private TrainTargets targets = TrainTargets.defaults();
		private Integer steps;
		private long[] tile;
		private int batch = 2;
		private double lr = 1e-3;
		private LearningRateSchedule schedule = LearningRateSchedule.COSINE;
		private long seed = 1;
		private boolean augment = true;
		private double rotation = 180;
		private double elastic = 6;
		private double gamma;
		private double noise;
		private double validationFraction = 0.2;
		private int validateEvery = 100;
		private int patience;
		private double minutes;
		private int workers = 1;
		private double dice = Double.NaN;
		private boolean resume = true;
		private DeviceChoice device = DeviceChoice.AUTO;

		private Builder(Annotations training, Path output) {
			this.training = training;
			this.output = output;
		}

		public TrainRequest build() {
			return new TrainRequest(training, validation, output, name, model, freezeEncoder, dims, depth, filters,
				upsampling, classes, targets, steps, tile, batch, lr, schedule, seed, augment, rotation, elastic, gamma,
				noise, validationFraction, validateEvery, patience, minutes, workers, dice, resume, device);
		}

		public Builder validation(Annotations value) {
			validation = value;
			return this;
		}

		public Builder name(String value) {
			name = value;
			return this;
		}

		/** The model to finetune, and whether its encoder stays fixed. */
		public Builder finetune(Path value, boolean freeze) {
			model = value;
			freezeEncoder = freeze;
			return this;
		}

		public Builder dims(int value) {
			dims = value;
			return this;
		}

		/** The size of a new network. */
		public Builder network(Integer newDepth, int newFilters) {
			depth = newDepth;
			filters = newFilters;
			return this;
		}

		/** The up-sampling of a new network; null for the default. */
		public Builder upsampling(Upsampling value) {
			upsampling = value;
			return this;
		}

		public Builder classes(List<String> value) {
			classes = value;
			return this;
		}

		public Builder targets(TrainTargets value) {
			targets = value;
			return this;
		}

		/** The training steps; null leaves them to {@link TrainRequest#trainingSteps}. */
		public Builder steps(Integer value) {
			steps = value;
			return this;
		}

		public Builder tile(long[] value) {
			tile = value;
			return this;
		}

		public Builder batch(int value) {
			batch = value;
			return this;
		}

		public Builder lr(double value) {
			lr = value;
			return this;
		}

		public Builder schedule(LearningRateSchedule value) {
			schedule = value;
			return this;
		}

		public Builder seed(long value) {
			seed = value;
			return this;
		}

		/** Whether tiles are augmented, and how strongly. */
		public Builder augmentation(boolean on, double newRotation, double newElastic, double newGamma,
			double newNoise)
		{
			augment = on;
			rotation = newRotation;
			elastic = newElastic;
			gamma = newGamma;
			noise = newNoise;
			return this;
		}

		/** Whether tiles are augmented, as strongly as by default. */
		public Builder augment(boolean on) {
			augment = on;
			return this;
		}

		public Builder validationFraction(double value) {
			validationFraction = value;
			return this;
		}

		public Builder validateEvery(int value) {
			validateEvery = value;
			return this;
		}

		public Builder patience(int value) {
			patience = value;
			return this;
		}

		public Builder minutes(double value) {
			minutes = value;
			return this;
		}

		public Builder workers(int value) {
			workers = value;
			return this;
		}

		public Builder dice(double value) {
			dice = value;
			return this;
		}

		public Builder resume(boolean value) {
			resume = value;
			return this;
		}

		public Builder device(DeviceChoice value) {
			device = value;
			return this;
		}
	}
}
