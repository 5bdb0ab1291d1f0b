package org.unetfiji.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.unetfiji.api.BatchSegmentRequest;
import org.unetfiji.api.BatchSegmentTask;
import org.unetfiji.api.SegmentListener;
import org.unetfiji.api.SegmentRequest;
import org.unetfiji.inference.tiling.AxisTiling;
import org.unetfiji.inference.tiling.Blend;

/**
 * {@code benchmarks/spark.sh}: the Spark job against the single-machine run on the GoNuclear test stack (100³ voxels,
 * {@code nuclei-3d}, tiles of 48³): wall time and Mvoxel/s on one machine, on {@code local[2]} with one block (Spark's
 * own cost) and with 12 blocks (the halo's cost), and on a standalone cluster of 1 and 2 workers of one core each;
 * the load average before and after each run, as the machine is shared.
 */
public final class SparkBenchmark {

	private SparkBenchmark() {}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("halo")) {
			halo();
			return;
		}
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
				"| one machine (`./unet segment`, in this JVM) | – | the plan | %.1f s | %.2f | %s → %s |%n", seconds,
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

	/**
	 * {@code benchmarks/spark.sh halo}: the tiles run for a 2048 × 16384 × 16384 frame (about 1.1 TB of uint16)
	 * against the single-machine plan, for tiles and blocks of a GPU run, counted with the tiler's own
	 * {@link AxisTiling} as the job counts them ({@code TilePlan.tilesTouching} is a product over the axes).
	 */
	private static void halo() {
		long[] frame = { 2048, 16384, 16384 };
		int[][] tiles = { { 64, 256, 256 }, { 128, 256, 256 } };
		int[] overlap = { 16, 32, 32 };
		int[][] blocks = { { 64, 512, 512 }, { 64, 1024, 1024 }, { 128, 1024, 1024 }, { 128, 2048, 2048 },
			{ 256, 2048, 2048 } };
		System.out.println("| tile (z×y×x) | block (z×y×x) | tiles run / plan, per axis z, y, x | total |");
		System.out.println("|---|---|---|---|");
		for (int[] tile : tiles)
			for (int[] block : blocks) {
				double total = 1;
				StringBuilder axes = new StringBuilder();
				for (int a = 0; a < 3; a++) {
					AxisTiling tiling = new AxisTiling(frame[a], tile[a], overlap[a], 8, Blend.GAUSSIAN);
					long run = 0;
					for (long b0 = 0; b0 < frame[a]; b0 += block[a])
						for (int i = 0; i < tiling.count(); i++)
							if (tiling.start(i) < b0 + block[a] && tiling.start(i) + tile[a] > b0) run++;
					double ratio = (double) run / tiling.count();
					total *= ratio;
					axes.append(String.format("%s%.3f", a > 0 ? ", " : "", ratio));
				}
				System.out.printf("| %d×%d×%d | %d×%d×%d | %s | **%.2f** |%n", tile[0], tile[1], tile[2], block[0],
					block[1], block[2], axes, total);
			}
	}

	/** The 1, 5 and 15 minute load averages. */
	private static String load() throws Exception {
		String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
		return fields[0] + " " + fields[1] + " " + fields[2];
	}
}
