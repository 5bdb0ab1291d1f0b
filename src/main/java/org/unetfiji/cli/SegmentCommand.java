package org.unetfiji.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Function;

import org.unetfiji.api.BatchSegmentRequest;
import org.unetfiji.api.BatchSegmentSummary;
import org.unetfiji.api.BatchSegmentTask;
import org.unetfiji.api.SegmentListener;
import org.unetfiji.api.SegmentRequest;
import org.unetfiji.api.SegmentedFiles;
import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engines;
import org.unetfiji.api.Parameters;

/**
 * {@code unet segment model=... input=FILE|DIR|PATH.zarr output=DIR [tile=auto overlap=auto batch=auto
 * blend=gaussian min-size=0 engine=auto device=auto tta=none rescale=true threshold=auto level=0 format=tiff|zarr
 * instances=components|watershed|boundaries} and the post-processing parameters {@code seed-distance= ...]}: segments tile
 * by tile on the device chosen (said in the log), reading TIFF stacks plane by plane and OME-Zarr images chunk by
 * chunk, and writing {@code NAME.probabilities.tif}, {@code NAME.labels.tif}, {@code NAME.instances.tif} and
 * {@code NAME.overlay.png} per image as they are computed (or, with {@code format=zarr}, the default for a Zarr
 * input, one container {@code NAME.segmentation.zarr}); a bad file is reported and skipped. The work is
 * {@link BatchSegmentTask}'s; this class parses and prints. It stops when its thread is
 * interrupted (see {@link org.unetfiji.api.Cancellation}).
 */
final class SegmentCommand implements CliCommand {

	@Override
	public String usage() {
		return "model=NAME|PATH input=FILE|DIR|PATH.zarr output=DIR [tile=auto|none|N|z,y,x overlap=auto|N " +
			"batch=auto|N blend=gaussian|none min-size=0 engine=" + String.join("|", Engines.choices()) +
			" device=auto|cpu|gpu|gpu:N tta=none|flips|d4 rescale=true threshold=auto|P level=0 format=tiff|zarr " +
			"instances=components|watershed|boundaries seed-distance=N merge-threshold=P ...]   segment 2D/3D " +
			"TIFF, PNG or OME-Zarr images";
	}

	@Override
	public int run(Parameters parameters, PrintStream out, PrintStream err) throws Exception {
		String modelName = parameters.string("model");
		Path input = parameters.path("input");
		Path output = parameters.path("output");
		Function<Path, SegmentRequest> segmentOptions = SegmentRequest.read(parameters);
		int level = parameters.integer("level", 0, 0, Integer.MAX_VALUE);
		BatchSegmentRequest.Format format = BatchSegmentRequest.Format.parse(parameters.optional("format", null));
		parameters.checkAllUsed();
		SegmentRequest segment = segmentOptions.apply(Models.locator().resolve(modelName));
		BatchSegmentSummary summary = BatchSegmentTask
			.run(new BatchSegmentRequest(segment, input, output, level, format), new Printer(out, err), () -> false);
		return summary.complete() ? 0 : 1;
	}

	/**
	 * Prints the log on standard error (tiles done and time left at most every few seconds, notes at once) and the
	 * results on standard output.
	 */
	private static final class Printer implements SegmentListener {

		private static final long INTERVAL_NS = 5_000_000_000L;
		private final PrintStream out;
		private final PrintStream err;
		private long last = System.nanoTime();

		Printer(PrintStream out, PrintStream err) {
			this.out = out;
			this.err = err;
		}

		@Override
		public void loaded(String model, String engine, Device device, DeviceChoice choice) {
			device.logLines(choice).forEach(err::println);
		}

		@Override
		public void started(int index, int count, Path file) {
			last = System.nanoTime();
			err.printf("[%d/%d] %s%n", index, count, file.getFileName());
		}

		@Override
		public void plan(String plan) {
			err.println("  " + plan);
		}

		@Override
		public void tiles(long done, long total, double secondsLeft) {
			if (System.nanoTime() - last < INTERVAL_NS || done == total) return;
			last = System.nanoTime();
			err.printf("  %d/%d tiles, about %.0f s left%n", done, total, secondsLeft);
		}

		@Override
		public void note(String message) {
			err.println("  " + message);
		}

		@Override
		public void segmented(SegmentedFiles files) {
			out.println("  " + files.describe());
		}

		@Override
		public void skipped(Path file, String reason) {
			err.println("  skipped " + file.getFileName() + ": " + reason);
		}

		@Override
		public void finished(BatchSegmentSummary summary) {
			out.println(summary.describe());
		}
	}
}
