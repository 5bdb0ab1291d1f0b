package org.unetfiji.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.unetfiji.api.Cancellation;
import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engines;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.inference.Segmentation;
import org.unetfiji.inference.SegmentationFiles;
import org.unetfiji.inference.tiling.MemoryBudget;
import org.unetfiji.inference.tiling.TileSettings;
import org.unetfiji.inference.tiling.TiledPredictor;
import org.unetfiji.model.ModelPackage;

/**
 * {@code unet segment model=... input=FILE|DIR output=DIR [tile=auto overlap=auto batch=auto blend=gaussian
 * min-size=0 engine=auto device=auto]}: segments tile by tile on the device chosen (said in the log), reading TIFF
 * stacks plane by plane and writing {@code NAME.probabilities.tif}, {@code NAME.labels.tif},
 * {@code NAME.instances.tif} and {@code NAME.overlay.png} per image as they are computed; a bad file is reported and
 * skipped.
 */
final class SegmentCommand implements CliCommand {

	@Override
	public String usage() {
		return "model=NAME|PATH input=FILE|DIR output=DIR [tile=auto|none|N|z,y,x overlap=auto|N batch=auto|N " +
			"blend=gaussian|none min-size=0 engine=" + String.join("|", Engines.choices()) +
			" device=auto|cpu|gpu|gpu:N]   segment 2D/3D " +
			"TIFF or PNG images";
	}

	@Override
	public int run(Parameters parameters, PrintStream out, PrintStream err) throws Exception {
		String modelName = parameters.string("model");
		Path input = parameters.path("input");
		Path output = parameters.path("output");
		TileSettings tiling = TileSettings.parse(parameters.optional("tile", null), parameters.optional("overlap",
			null), parameters.optional("batch", null), parameters.optional("blend", null));
		int minSize = parameters.integer("min-size", 0, 0, Integer.MAX_VALUE);
		String engine = parameters.optional("engine", Engines.AUTO);
		DeviceChoice device = DeviceChoice.parse(parameters.optional(DeviceChoice.KEY, null));
		parameters.checkAllUsed();
		List<Path> files = ImageFiles.imagesIn(input);
		if (Files.exists(output) && !Files.isDirectory(output)) throw new IllegalArgumentException("output=" +
			output + " is a file; give a folder");
		if (Files.isDirectory(input) && Files.isDirectory(output) && Files.isSameFile(input, output))
			throw new IllegalArgumentException("output=" + output + " is the input folder; choose another folder");
		int failed = 0;
		long start = System.nanoTime();
		try (ModelPackage model = Models.open(modelName);
			LoadedModel loaded = LoadedModel.load(model, engine, device))
		{
			printDevice(loaded.device(), device, err);
			Files.createDirectories(output);
			for (int i = 0; i < files.size(); i++) {
				Path file = files.get(i);
				err.printf("[%d/%d] %s%n", i + 1, files.size(), file.getFileName());
				try {
					segment(loaded.predictor(tiling, MemoryBudget.forDevice(loaded.device(), note -> err.println("  " +
						note))), minSize, file, output, out, err);
				}
				catch (IOException | RuntimeException e) {
					if (e instanceof CancellationException) throw e;
					failed++;
					err.println("  skipped " + file.getFileName() + ": " + e.getMessage());
				}
			}
		}
		out.printf("segmented %d of %d image(s) in %.1f s into %s%n", files.size() - failed, files.size(),
			(System.nanoTime() - start) / 1e9, output);
		return failed == 0 ? 0 : 1;
	}

	/** The device line of the log, and for {@code device=auto} on the CPU, why no GPU is used. */
	static void printDevice(Device device, DeviceChoice choice, PrintStream err) {
		err.println("device: " + device.describe());
		if (device.note() != null) err.println(DeviceChoice.KEY + "=" + choice + ": " + device.note());
	}

	private static void segment(TiledPredictor predictor, int minSize, Path file, Path output, PrintStream out,
		PrintStream err) throws IOException
	{
		PlaneSource image = ImageFiles.openLazily(file);
		err.println("  " + predictor.plan(image) + (image.sizeT() > 1 ? " per frame" : ""));
		long start = System.nanoTime();
		try (SegmentationFiles files = new SegmentationFiles(output, ImageFiles.baseName(file.getFileName().toString()), image, file, predictor.config()
			.classes()))
		{
			Segmentation.segment(predictor, image, minSize, output, files, new ProgressPrinter(err),
				Cancellation::requested);
			files.commit();
			out.printf("  %s: %d×%d×%d px, %.1f s -> %s, %s, %s, %s%n", file.getFileName(), image.sizeX(), image
				.sizeY(), image.sizeZ(), (System.nanoTime() - start) / 1e9, name(files, "probabilities.tif"), name(
					files, "labels.tif"), name(files, "instances.tif"), name(files, "overlay.png"));
		}
	}

	private static Path name(SegmentationFiles files, String suffix) {
		return files.file(suffix).getFileName();
	}

	/** Prints tiles done and time left at most every few seconds, and notes at once. */
	private static final class ProgressPrinter implements TiledPredictor.Listener {

		private static final long INTERVAL_NS = 5_000_000_000L;
		private final PrintStream err;
		private long last = System.nanoTime();

		ProgressPrinter(PrintStream err) {
			this.err = err;
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
	}
}
