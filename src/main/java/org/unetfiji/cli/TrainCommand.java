package org.unetfiji.cli;

import static org.unetfiji.cli.TargetParameters.integer;
import static org.unetfiji.cli.TargetParameters.number;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.unetfiji.api.TrainListener;
import org.unetfiji.api.TrainRequest;
import org.unetfiji.api.TrainResult;
import org.unetfiji.api.TrainTask;
import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.network.Upsampling;
import org.unetfiji.training.LearningRateSchedule;
import org.unetfiji.training.LogRow;
import org.unetfiji.training.Trainer;
import org.unetfiji.api.Parameters;

/**
 * {@code unet train images=DIR labels=DIR output=DIR ...}: trains a new U-Net, or finetunes an existing model
 * ({@code model=}), on image/label pairs (same file names) and writes a model package ({@link TrainTask}).
 * Ctrl-C (or a kill with SIGTERM) stops training after the current step and still writes the model.
 */
final class TrainCommand implements CliCommand {

	@Override
	public String usage() {
		return "images=DIR labels=DIR output=DIR [name= model=EXISTING freeze-encoder=false dims=auto depth=4 " +
			"(3D: 3) filters=16 upsampling=resize|transposed classes=background,foreground " + TargetParameters.USAGE +
			" steps=2000 (with minutes=: as many as fit) " +
			"tile=128 (3D: 32,64,64) batch=2 lr=0.001 schedule=cosine|constant|step seed=1 augment=true elastic=6 " +
			"rotation=180 gamma=0 noise=0 validation=0.2 validation-images=DIR validation-labels=DIR " +
			"validate-every=100 patience=0 minutes=0 workers=1 dice=auto resume=true device=auto|cpu|gpu|gpu:N]   train or " +
			"finetune a model";
	}

	@Override
	public int run(Parameters parameters, PrintStream out, PrintStream err) throws Exception {
		TrainRequest request = request(parameters);
		StopOnShutdown stop = new StopOnShutdown();
		try {
			TrainResult result = TrainTask.run(request, new TrainListener() {

				@Override
				public void device(Device device, DeviceChoice choice) {
					device.logLines(choice).forEach(err::println);
				}

				@Override
				public void started(String line) {
					out.println(line);
					stop.register();
				}

				@Override
				public void resumed(String line, List<LogRow> log) {
					out.println(line);
				}

				@Override
				public void logged(LogRow row, double seconds) {
					err.println(TrainListener.describe(row, seconds));
				}

				@Override
				public void finished(TrainResult done) {
					out.println(done.summary());
				}
			}, () -> false, stop::requested);
			return result.training().stop() == Trainer.Stop.CANCELLED ? 130 : 0;
		}
		finally {
			stop.unregister();
		}
	}

	/** The request that the parameters describe, with the defaults of {@link TrainRequest#builder}. */
	private static TrainRequest request(Parameters parameters) throws Exception {
		TrainRequest.Folders training = new TrainRequest.Folders(parameters.path("images"), parameters.path("labels"));
		TrainRequest.Builder builder = TrainRequest.builder(training, parameters.path("output"));
		TrainRequest defaults = builder.build();
		builder.name(parameters.optional("name", null));
		String base = parameters.optional("model", null);
		boolean freeze = parameters.flag("freeze-encoder", defaults.freezeEncoder());
		builder.finetune(base == null ? null : Models.locator().resolve(base), freeze);
		builder.dims(TrainRequest.dims(parameters.optional("dims", "auto")));
		builder.classes(TrainRequest.classes(parameters.optional("classes", String.join(",", defaults.classes()))));
		if (parameters.optional("steps", null) != null) builder.steps(integer(parameters, TrainRequest.STEPS, 0));
		String tile = parameters.optional("tile", null);
		if (tile != null) builder.tile(TrainRequest.tile(tile));
		builder.batch(integer(parameters, TrainRequest.BATCH, defaults.batch()));
		builder.lr(number(parameters, TrainRequest.LR, defaults.lr()));
		builder.schedule(LearningRateSchedule.parse(parameters.optional("schedule", defaults.schedule().toString())));
		builder.seed(integer(parameters, TrainRequest.SEED, (int) defaults.seed()));
		if (!parameters.flag("augment", defaults.augment())) builder.augment(false);
		else builder.augmentation(true, number(parameters, TrainRequest.ROTATION, defaults.rotation()),
			number(parameters, TrainRequest.ELASTIC, defaults.elastic()),
			number(parameters, TrainRequest.GAMMA, defaults.gamma()),
			number(parameters, TrainRequest.NOISE, defaults.noise()));
		builder.validationFraction(number(parameters, TrainRequest.VALIDATION, defaults.validationFraction()));
		String validationImages = parameters.optional("validation-images", null);
		String validationLabels = parameters.optional("validation-labels", null);
		if ((validationImages != null) != (validationLabels != null))
			throw new IllegalArgumentException("validation-images= and validation-labels= go together");
		if (validationImages != null)
			builder.validation(new TrainRequest.Folders(Path.of(validationImages), Path.of(validationLabels)));
		builder.validateEvery(integer(parameters, TrainRequest.VALIDATE_EVERY, defaults.validateEvery()));
		builder.patience(integer(parameters, TrainRequest.PATIENCE, defaults.patience()));
		builder.minutes(number(parameters, TrainRequest.MINUTES, defaults.minutes()));
		if (!parameters.optional("dice", "auto").equals("auto"))
			builder.dice(number(parameters, TrainRequest.DICE, defaults.dice()));
		builder.workers(integer(parameters, TrainRequest.WORKERS, defaults.workers()));
		builder.resume(parameters.flag("resume", defaults.resume()));
		builder.device(DeviceChoice.parse(parameters.optional(DeviceChoice.KEY, null)));
		builder.targets(TargetParameters.read(parameters));
		// the size of a new network; a finetuned one keeps its model's (depth= and filters= are then unknown keys)
		if (base == null) {
			builder.network(
				parameters.optional("depth", null) == null ? null : integer(parameters, TrainRequest.DEPTH, 0),
				integer(parameters, TrainRequest.FILTERS, defaults.filters()));
			String upsampling = parameters.optional("upsampling", null);
			if (upsampling != null) builder.upsampling(Upsampling.parse(upsampling));
		}
		parameters.checkAllUsed();
		return builder.build();
	}

	/**
	 * Ctrl-C (or a kill with SIGTERM) while training runs: the shutdown hook asks training to stop after the
	 * current step and holds the exit until the model is written.
	 */
	private static final class StopOnShutdown {

		private final AtomicBoolean requested = new AtomicBoolean();
		private final CountDownLatch finished = new CountDownLatch(1);
		private final Thread hook = new Thread(() -> {
			requested.set(true);
			try {
				finished.await(120, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		});
		private boolean registered;

		void register() {
			Runtime.getRuntime().addShutdownHook(hook);
			registered = true;
		}

		boolean requested() {
			return requested.get();
		}

		void unregister() {
			finished.countDown();
			if (!registered) return;
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			}
			catch (IllegalStateException shuttingDown) {
				// the hook is running: it waited for the model to be written
			}
		}
	}
}
