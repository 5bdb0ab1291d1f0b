package org.unetfiji.spark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.unetfiji.api.Parameters;
import org.unetfiji.model.ModelLocator;
import org.unetfiji.model.ModelPackageException;

/**
 * {@code ./unet segment model=... input=IMAGE output=DIR spark=local[N]|spark://HOST:PORT [block=z,y,x level=0
 * conf=KEY=VALUE,... tile= overlap= ...]}, and the main class for {@code spark-submit} (where {@code spark=} defaults
 * to {@code --master}): segments one image on a Spark cluster into {@code DIR/NAME.segmentation.zarr}, as
 * {@code ./unet segment} does on one machine.
 */
public final class SparkSegment {

	/** The segment options passed on to every executor as they are. */
	static final List<String> SEGMENT_OPTIONS = List.of("tile", "overlap", "batch", "blend", "min-size", "engine",
		"device", "tta", "rescale");

	private SparkSegment() {}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** Runs a job; returns the exit code (0 done, 1 failed, 2 bad arguments), errors in one line on {@code err}. */
	static int run(String[] args, PrintStream out, PrintStream err) {
		List<String> words = Arrays.asList(args);
		if (!words.isEmpty() && words.get(0).equals("segment")) words = words.subList(1, words.size());
		SparkSegmentation.Settings settings;
		try {
			Parameters parameters = Parameters.parse(words.toArray(String[]::new));
			String model = parameters.string("model");
			Path input = parameters.path("input");
			Path output = parameters.path("output");
			// under spark-submit, --master is the default
			String master = parameters.optional("spark", System.getProperty("spark.master"));
			if (master == null) throw new IllegalArgumentException("give spark=local[N] or spark=spark://HOST:PORT");
			int level = parameters.integer("level", 0, 0, Integer.MAX_VALUE);
			String block = parameters.optional("block", null);
			String format = parameters.optional("format", "zarr");
			if (!format.equals("zarr")) throw new IllegalArgumentException("spark= writes format=zarr only");
			Map<String, String> conf = new LinkedHashMap<>();
			String confText = parameters.optional("conf", "");
			for (String entry : confText.isBlank() ? new String[0] : confText.split(",")) {
				int equals = entry.indexOf('=');
				if (equals < 1) throw new IllegalArgumentException("conf=" + confText + ": give KEY=VALUE,KEY=VALUE");
				conf.put(entry.substring(0, equals), entry.substring(equals + 1));
			}
			// ./unet: executors on this machine, or with the same folders (a shared file system), use its jars
			String classPath = System.getProperty("unet.spark.classpath");
			if (classPath != null) conf.putIfAbsent("spark.executor.extraClassPath", classPath);
			Map<String, String> options = new LinkedHashMap<>();
			for (String key : SEGMENT_OPTIONS) {
				String value = parameters.optional(key, null);
				if (value != null) options.put(key, value);
			}
			parameters.checkAllUsed();
			settings = new SparkSegmentation.Settings(ModelLocator.installed(Path.of("")).resolve(model), options,
				input, level, output, master, block == null ? null : blockEdges(block), conf);
		}
		catch (IllegalArgumentException | ModelPackageException e) {
			err.println("unet: " + e.getMessage());
			return 2;
		}
		try {
			long[] lastReport = { 0 };
			SparkSegmentation.Result result = SparkSegmentation.run(settings, new SparkSegmentation.Listener() {
				@Override
				public void progress(String pass, long done, long total) {
					long now = System.nanoTime();
					if (done == total || now - lastReport[0] > 2_000_000_000L) {
						lastReport[0] = now;
						err.println("unet: " + pass + " " + done + "/" + total);
					}
				}

				@Override
				public void note(String message) {
					err.println("unet: " + message);
				}
			});
			out.printf("%s: %d block(s), %d instance(s), %.1f s, tiles %d for a plan of %d (halo +%.0f %%) -> %s%n",
				settings.input().getFileName(), result.blocks(), result.instances(), result.seconds(),
				result.tilesRun(), result.tilesPlanned(), 100 * result.haloOverhead(), result.container());
			return 0;
		}
		catch (Exception e) {
			err.println("unet: " + e.getMessage());
			return 1;
		}
	}

	/** {@code N} (all axes) or {@code z,y,x}. */
	static int[] blockEdges(String text) {
		try {
			int[] values = Arrays.stream(text.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
			if (values.length == 1) return new int[]{ values[0], values[0], values[0] };
			if (values.length == 3) return values;
		}
		catch (NumberFormatException e) {
			// the message below says what is expected
		}
		throw new IllegalArgumentException(
			"block=" + text + ": give one edge N or z,y,x in voxels, e.g. block=64,512,512");
	}
}
