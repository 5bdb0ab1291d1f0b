package org.unetfiji.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.unetfiji.api.SegmentRequest;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.image.ops.Connectivity;
import org.unetfiji.image.ops.PercentileNormalizer;
import org.unetfiji.image.zarr.OmeZarr;
import org.unetfiji.image.zarr.OmeZarrWriter;
import org.unetfiji.image.zarr.ZarrArray;
import org.unetfiji.image.zarr.ZarrArray.DataType;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.inference.Rescaling;
import org.unetfiji.inference.SegmentationZarr;
import org.unetfiji.inference.postprocessing.Components;
import org.unetfiji.inference.postprocessing.Postprocessing;
import org.unetfiji.inference.tiling.MemoryBudget;
import org.unetfiji.inference.tiling.TilePlan;
import org.unetfiji.inference.tiling.TiledPredictor;
import org.unetfiji.io.Folders;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.Processing;

import scala.Tuple2;

/**
 * The driver of a segmentation spread over a Spark cluster. Plans on the driver (the whole frame's tiles and
 * intensity ranges, the blocks, the output container), then runs four passes of one task per block or chunk: segment
 * each block (probabilities, class labels and block-local instances written as chunks), find the instances that
 * touch across block faces, write the final instance numbers, and fill the label pyramids. The container is committed
 * (renamed) only when every pass is complete, so a failed job leaves nothing that looks complete.
 */
public final class SparkSegmentation {

	/** Block edge along z, y and x by default (voxels); a multiple of the chunk shape. */
	static final int[] DEFAULT_BLOCK = { 64, 512, 512 };
	/** The output chunks at most {@code (z, y, x)}, as the single-machine writer's. */
	static final int[] CHUNK = { 16, 256, 256 };
	private static final long WAIT_FOR_EXECUTORS_MS = 60_000;

	/**
	 * What to segment and where.
	 *
	 * @param options the segment options by their {@code key=value} names ({@link SegmentRequest#of})
	 * @param master the Spark master: {@code local[N]} or {@code spark://HOST:PORT}
	 * @param block block edge {@code (z, y, x)} in voxels, null for {@link #DEFAULT_BLOCK}
	 * @param conf further Spark settings, e.g. {@code spark.executor.memory}
	 */
	public record Settings(Path model, Map<String, String> options, Path input, int level, Path output, String master,
		int[] block, Map<String, String> conf) {}

	/** Progress and notes for the user. */
	public interface Listener {
		/** Tasks of a pass done, e.g. {@code blocks 3/8}. */
		void progress(String pass, long done, long total);

		void note(String message);
	}

	/**
	 * What a job did: the container, its blocks, and the tiles run (more than the plan's where blocks share the
	 * tiles of their halos).
	 */
	public record Result(Path container, int blocks, long tilesRun, long tilesPlanned, int instances,
		Set<String> executors, int modelLoads, double seconds) {

		/** The tiles run beyond the single-machine plan, as a share of the plan. */
		public double haloOverhead() {
			return (double) tilesRun / tilesPlanned - 1;
		}
	}

	private SparkSegmentation() {}

	/**
	 * Runs the job.
	 *
	 * @throws IllegalArgumentException for options or settings that cannot work, with what to do
	 * @throws IllegalStateException when the cluster cannot be reached or the executors fail, in one line
	 */
	public static Result run(Settings settings, Listener listener) throws IOException {
		long startTime = System.nanoTime();
		if (settings.master().startsWith("spark://")) Cluster.checkReachable(settings.master());
		Path input = settings.input().toAbsolutePath().normalize();
		PlaneSource source = OmeZarr.isContainer(input) ? OmeZarr.open(input, settings.level())
			: ImageFiles.openLazily(input);
		Map<String, String> options = new TreeMap<>(settings.options());
		SegmentRequest request = SegmentRequest.of(settings.model().toAbsolutePath().normalize(), options);
		TilePlan plan;
		PercentileNormalizer.Range[][] ranges = new PercentileNormalizer.Range[source.sizeT()][];
		Postprocessing postprocessing;
		int classes;
		try (ModelPackage model = ModelPackage.open(request.model());
			LoadedModel loaded = LoadedModel.load(model, request.engine(), request.device()))
		{
			Rescaling.Plan rescaling = Rescaling.plan(source, loaded.descriptor().elementSizeUm(), request.rescale());
			if (rescaling.rescaling() != null) throw new IllegalArgumentException(
				"spark= segments at the image's own " + "pixel size, but the model asks to rescale (" +
					rescaling.note() + "); add rescale=false, or " + "resample the image first");
			TiledPredictor predictor = loaded.predictor(request.tiling(),
				MemoryBudget.forDevice(loaded.device(), listener::note), request.tta());
			plan = predictor.plan(source);
			for (int t = 0; t < source.sizeT(); t++)
				ranges[t] = predictor.ranges(source, t);
			postprocessing = request.postprocessing(loaded.postprocessing());
			classes = predictor.config().classes();
		}
		Processing instanceStep = postprocessing.steps().get(postprocessing.steps().size() - 1);
		if (!instanceStep.id().equals(Components.KEY)) throw new IllegalArgumentException("spark= merges instances " +
			"of the '" + Components.KEY + "' step only, not '" + instanceStep.id() + "'; segment on one machine");
		Connectivity connectivity = Connectivity.valueOf(
			String.valueOf(instanceStep.kwargs().getOrDefault("connectivity", "face")).toUpperCase(Locale.ROOT));
		long minSize = ((Number) instanceStep.kwargs().getOrDefault(Components.MIN_SIZE, 0)).longValue();

		long[] frame = { source.sizeZ(), source.sizeY(), source.sizeX() };
		int[] block = blockSize(settings.block(), frame);
		int[] chunk = new int[3];
		for (int a = 0; a < 3; a++)
			chunk[a] = Math.min(CHUNK[a], block[a]);
		Block.Grid grid = new Block.Grid(source.sizeT(), frame, block);
		List<Block> blocks = grid.blocks();
		listener.note(plan + " per frame; " + blocks.size() + " block(s) of " + block[0] + "×" + block[1] + "×" +
			block[2] + " (z×y×x) on " + settings.master());
		long tilesRun = 0;
		for (Block b : blocks)
			tilesRun += plan.tilesTouching(b.start(), b.size()).length;

		String name = ImageFiles.baseName(input.getFileName().toString());
		Files.createDirectories(settings.output());
		Path scratch = settings.output().toAbsolutePath()
			.resolve("." + name + ".spark-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
		try (
			OmeZarrWriter container = new OmeZarrWriter(settings.output().resolve(name + SegmentationZarr.SUFFIX),
				source, input, chunk);
			Cluster cluster = Cluster.start(settings, name, listener))
		{
			container.image("probabilities", classes, DataType.FLOAT32);
			OmeZarrWriter.PlaneWriter labels = container.labels("labels",
				classes <= 256 ? DataType.UINT8 : DataType.UINT16);
			ZarrArray labelLevel = ZarrArray.open(container.workingFolder().resolve(SegmentJob.LABELS).resolve("0"));
			ZarrArray.create(scratch, labelLevel.shape(), labelLevel.chunks(), DataType.UINT32,
				ZarrArray.Compression.ZLIB, 1);
			SegmentJob job = new SegmentJob(request.model().toString(), options, input.toString(), settings.level(),
				plan, ranges, grid, container.workingFolder().toString(), scratch.toString(), connectivity);
			JavaSparkContext spark = cluster.context();

			cluster.pass("blocks", blocks.size());
			List<BlockWork.Segmented> segmented = new ArrayList<>(cluster
				.run(() -> spark.parallelize(blocks, blocks.size()).map(b -> BlockWork.segment(job, b)).collect()));
			segmented.sort(Comparator.comparingInt(BlockWork.Segmented::block));
			InstanceMerge merge = new InstanceMerge(segmented, grid);
			long[] offsets = merge.offsets();

			cluster.pass("faces", blocks.size());
			for (long[] pairs : cluster.run(
				() -> spark.parallelize(blocks, blocks.size()).map(b -> BlockWork.touching(job, b, offsets)).collect()))
				merge.join(pairs);
			InstanceMerge.Numbers numbers = merge.numbers(minSize);

			OmeZarrWriter.PlaneWriter instances = container.labels("instances",
				numbers.largestCount() <= 0xffff ? DataType.UINT16 : DataType.UINT32);
			List<Tuple2<Block, int[]>> relabelling = new ArrayList<>();
			for (Block b : blocks)
				relabelling.add(new Tuple2<>(b, numbers.perBlock()[b.index()]));
			cluster.pass("instances", blocks.size());
			cluster.run(() -> {
				spark.parallelize(relabelling, blocks.size()).foreach(p -> BlockWork.relabel(job, p._1(), p._2()));
				return null;
			});

			for (int level = 1; level < Math.max(labels.levels(), instances.levels()); level++) {
				List<Tuple2<String, long[]>> chunks = new ArrayList<>();
				for (String image : List.of(SegmentJob.LABELS, SegmentJob.INSTANCES))
					chunks.addAll(chunksOf(container.workingFolder().resolve(image), level));
				int pyramidLevel = level;
				cluster.pass("pyramid level " + level, chunks.size());
				cluster.run(() -> {
					spark.parallelize(chunks, chunks.size()).foreach(c -> BlockWork.downsample(job, c._1(),
						pyramidLevel, (int) c._2()[0], new long[]{ c._2()[1], c._2()[2], c._2()[3] }));
					return null;
				});
			}
			container.commit();
			Set<String> executors = new HashSet<>();
			int loads = 0;
			for (BlockWork.Segmented s : segmented)
				executors.add(s.executor());
			for (String executor : executors)
				loads += segmented.stream().filter(s -> s.executor().equals(executor))
					.mapToInt(BlockWork.Segmented::modelLoads).max().orElse(0);
			long tilesPlanned = plan.tileCount() * source.sizeT();
			return new Result(container.target(), blocks.size(), tilesRun, tilesPlanned, numbers.largestCount(),
				executors, loads, (System.nanoTime() - startTime) / 1e9);
		}
		finally {
			Folders.deleteTree(scratch);
		}
	}

	/** The chunks {@code (t, z, y, x)} of pyramid level {@code level} of a label image. */
	private static List<Tuple2<String, long[]>> chunksOf(Path image, int level) throws IOException {
		Path folder = image.resolve(Integer.toString(level));
		if (!Files.isDirectory(folder)) return List.of();
		ZarrArray array = ZarrArray.open(folder);
		long[] shape = array.shape();
		int[] chunks = array.chunks();
		int n = shape.length;
		long frames = n == 5 ? shape[0] : 1;
		String name = image.getParent().getFileName() + "/" + image.getFileName();
		List<Tuple2<String, long[]>> list = new ArrayList<>();
		for (long t = 0; t < frames; t++)
			for (long z = 0; z * chunks[n - 3] < shape[n - 3]; z++)
				for (long y = 0; y * chunks[n - 2] < shape[n - 2]; y++)
					for (long x = 0; x * chunks[n - 1] < shape[n - 1]; x++)
						list.add(new Tuple2<>(name, new long[]{ t, z, y, x }));
		return list;
	}

	/** The block edge asked for, or the default, checked against the output chunks and clipped to the frame. */
	static int[] blockSize(int[] asked, long[] frame) {
		int[] block = asked == null ? DEFAULT_BLOCK.clone() : asked.clone();
		for (int a = 0; a < 3; a++) {
			if (block[a] < 1) throw new IllegalArgumentException("block= must be positive along every axis");
			if (block[a] >= frame[a]) block[a] = (int) frame[a];
			else if (block[a] > CHUNK[a] && block[a] % CHUNK[a] != 0) throw new IllegalArgumentException(
				"block=" + block[0] + "," + block[1] + "," + block[2] + ": along " + "zyx".charAt(a) + " a block " +
					"larger than the output chunk (" + CHUNK[a] + ") must be a multiple of it");
		}
		return block;
	}

	/** The Spark context of a job, its progress listener, and its failures turned into one-line messages. */
	private static final class Cluster implements AutoCloseable {

		/** Work on the cluster. */
		@FunctionalInterface
		interface Work<R> {
			R run() throws Exception;
		}

		/** The property that {@code setJobDescription} sets. */
		private static final String JOB_DESCRIPTION = "spark.job.description";
		private final JavaSparkContext context;
		/** Per pass (a Spark job's description): its task count and the partitions done. */
		private final Map<String, Long> totals = new ConcurrentHashMap<>();
		private final Map<String, Set<Integer>> done = new ConcurrentHashMap<>();
		/** The pass of each stage, from the job that ran it. */
		private final Map<Integer, String> passOfStage = new ConcurrentHashMap<>();

		private Cluster(JavaSparkContext context, Listener listener) {
			this.context = context;
			context.sc().addSparkListener(new SparkListener() {
				@Override
				public void onJobStart(SparkListenerJobStart start) {
					String pass = start.properties().getProperty(JOB_DESCRIPTION);
					if (pass == null) return;
					start.stageIds().foreach(stage -> passOfStage.put((Integer) stage, pass));
				}

				@Override
				public void onTaskEnd(SparkListenerTaskEnd end) {
					String pass = passOfStage.get(end.stageId());
					if (pass == null || !end.taskInfo().successful()) return;
					Set<Integer> partitions = done.computeIfAbsent(pass, p -> ConcurrentHashMap.newKeySet());
					if (partitions.add(end.taskInfo().index()))
						listener.progress(pass, partitions.size(), totals.getOrDefault(pass, 0L));
				}
			});
		}

		static Cluster start(Settings settings, String name, Listener listener) {
			String master = settings.master();
			SparkConf conf = new SparkConf().setMaster(master).setAppName("unet segment " + name)
				.set("spark.ui.enabled", "false").set("spark.executorEnv.TF_CPP_MIN_LOG_LEVEL", "2");
			String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
			if (cache != null) conf.set("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.cachedir=" + cache);
			settings.conf().forEach(conf::set);
			JavaSparkContext context = new JavaSparkContext(conf);
			Cluster cluster = new Cluster(context, listener);
			if (master.startsWith("spark://")) cluster.awaitExecutors(master);
			return cluster;
		}

		JavaSparkContext context() {
			return context;
		}

		/** Names the jobs that follow, whose {@code tasks} tasks are counted as done for the listener. */
		void pass(String name, long tasks) {
			totals.put(name, tasks);
			context.setJobDescription(name);
		}

		/** Runs work on the cluster; a failed job becomes one line naming its cause. */
		<R> R run(Work<R> work) throws IOException {
			try {
				return work.run();
			}
			catch (IOException | IllegalArgumentException e) {
				throw e;
			}
			catch (Exception e) {
				throw new IllegalStateException(explain(e), e);
			}
		}

		/** Our own message from an executor if there is one (a model it cannot read), else Spark's first line. */
		private static String explain(Throwable e) {
			String message = String.valueOf(e.getMessage());
			int mark = message.indexOf(BlockWork.MODEL_UNREADABLE);
			if (mark >= 0) {
				int from = message.lastIndexOf("executor ", mark);
				int to = message.indexOf('\n', mark);
				return message.substring(Math.max(0, from), to < 0 ? message.length() : to);
			}
			String first = message.lines().filter(line -> !line.isBlank()).findFirst().orElse(message);
			return (e instanceof SparkException ? "the Spark job failed: " : "") + first;
		}

		/** Fails at once, in one line, when nothing listens at the master's address. */
		static void checkReachable(String master) {
			URI uri = URI.create(master);
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
			}
			catch (IOException | IllegalArgumentException e) {
				throw new IllegalStateException("cannot reach the Spark master at " + master + " (" + e.getMessage() +
					"); start it (sbin/start-master.sh) or check spark=");
			}
		}

		/** Waits until a worker has started an executor for this job; a minute without one is an error. */
		private void awaitExecutors(String master) {
			long deadline = System.currentTimeMillis() + WAIT_FOR_EXECUTORS_MS;
			while (context.sc().getExecutorMemoryStatus().size() < 2) {
				if (System.currentTimeMillis() > deadline) {
					close();
					throw new IllegalStateException("the Spark master at " + master + " started no executor in " +
						WAIT_FOR_EXECUTORS_MS / 1000 + " s: no worker has the cores and memory asked for " +
						"(spark.executor.memory, spark.executor.cores), or none is registered");
				}
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while waiting for executors");
				}
			}
		}

		@Override
		public void close() {
			context.stop();
		}
	}
}
