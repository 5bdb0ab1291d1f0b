package org.unetfiji.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.unetfiji.api.BatchSegmentRequest;
import org.unetfiji.api.BatchSegmentTask;
import org.unetfiji.api.SegmentListener;
import org.unetfiji.api.SegmentRequest;

/**
 * {@code benchmarks/spark.sh}: the Spark job against the single-machine run on the GoNuclear test stack (100³ voxels,
 * {@code nuclei-3d}, tiles of 48³): wall time and Mvoxel/s on one machine, on {@code local[2]} with one block (Spark's
 * own cost) and with 12 blocks (the halo's cost), and on a standalone cluster of 1 and 2 workers of one core each;
 * the load average before and after each run, as the machine is shared.
 */
public final class SparkBenchmark {

	private SparkBenchmark() {}

	public static void main(String[] args) throws Exception {
		Path work = Files.createTempDirectory("unet-spark-benchmark");
		double voxels = 100.0 * 100 * 100;
		Map<String, String> options = SparkSegmentTest.OPTIONS;
		int[] blocks = { 48, 64, 64 };
		System.out.println("| run | blocks | tiles run / plan | time | Mvoxel/s | load before → after |");
		System.out.println("|---|---|---|---|---|---|");
		for (int repeat = 0; repeat < 2; repeat++) {
			String load = load();
			long start = System.nanoTime();
			BatchSegmentTask.run(
				new BatchSegmentRequest(SegmentRequest.of(SparkSegmentTest.MODEL, options), SparkSegmentTest.STACK,
					work.resolve("one" + repeat), 0, BatchSegmentRequest.Format.ZARR),
				new SegmentListener() {}, () -> false);
			double seconds = (System.nanoTime() - start) / 1e9;
			System.out.printf(
				"| one machine (`./unet segment`, in this JVM) | – | 27 / 27 | %.1f s | %.2f | %s → %s |%n", seconds,
				voxels / seconds / 1e6, load, load());
			report("local[2], one block", run(work, "local[2]", new int[]{ 100, 100, 100 }, Map.of()), voxels, load);
			report("local[2]", run(work, "local[2]", blocks, Map.of()), voxels, load);
			for (int workers = 1; workers <= 2; workers++)
				try (StandaloneCluster cluster = StandaloneCluster.start(work.resolve("cluster" + workers + repeat),
					workers))
				{
					String before = load();
					report("standalone, " + workers + " worker(s) × 1 core", run(work, cluster.master(), blocks,
						Map.of("spark.executor.extraClassPath", Path.of("target/classes").toAbsolutePath().toString())),
						voxels, before);
				}
		}
	}

	private static SparkSegmentation.Result run(Path work, String master, int[] block, Map<String, String> conf)
		throws Exception
	{
		return SparkSegmentation.run(new SparkSegmentation.Settings(SparkSegmentTest.MODEL, SparkSegmentTest.OPTIONS,
			SparkSegmentTest.STACK, 0, Files.createTempDirectory(work, "out"), master, block, conf),
			new SparkSegmentation.Listener() {
				@Override
				public void progress(String pass, long done, long total) {}

				@Override
				public void note(String message) {}
			});
	}

	private static void report(String name, SparkSegmentation.Result result, double voxels, String loadBefore)
		throws Exception
	{
		System.out.printf("| %s | %d | %d / %d (+%.0f %%) | %.1f s | %.2f | %s → %s |%n", name, result.blocks(),
			result.tilesRun(), result.tilesPlanned(), 100 * result.haloOverhead(), result.seconds(),
			voxels / result.seconds() / 1e6, loadBefore, load());
	}

	/** The 1, 5 and 15 minute load averages. */
	private static String load() throws Exception {
		String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
		return fields[0] + " " + fields[1] + " " + fields[2];
	}
}
