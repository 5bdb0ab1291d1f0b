import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.engine.tensorflow.TensorFlowEngine;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.image.TiffStackWriter;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.image.ops.PercentileNormalizer;
import org.unetfiji.inference.Segmentation;
import org.unetfiji.inference.SegmentationFiles;
import org.unetfiji.inference.tiling.MemoryBudget;
import org.unetfiji.inference.tiling.TilePlan;
import org.unetfiji.inference.tiling.TileSettings;
import org.unetfiji.inference.tiling.TiledPredictor;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.network.NetworkConfig;

/**
 * Benchmarks of tiled inference (not a test; see benchmarks/README.md for how to run it and RESULTS.md for figures).
 * <ul>
 * <li>{@code overhead2d N}: the bundled em-membranes-2d model on an N×N mosaic of ISBI 2012 sections: wall time of
 * the tiled pipeline (reading, normalising, engine, blending) over the engine alone on the same tiles.</li>
 * <li>{@code overhead3d Z Y X}: the same for a 3D U-Net (depth 3, 8 filters, untrained) on a synthetic stack.</li>
 * <li>{@code pipeline2d N [DIR]}, {@code pipeline3d Z Y X [DIR]}: the pipeline alone, with an identity network of
 * the shapes of the bundled em-membranes-2d or nuclei-3d model (probabilities copied from the normalised input), in
 * Mvoxel/s per stage: percentile pass, tiling and blending, segmentation into memory, and from a TIFF in DIR to
 * {@link SegmentationFiles} in DIR (default /tmp).</li>
 * <li>{@code memory N DIR}: writes an N³ uint16 stack to DIR, segments it from disk to DIR with the 3D U-Net as
 * {@code ./unet segment} does, and prints peak resident memory (VmHWM) and throughput.</li>
 * </ul>
 */
public class TilingBenchmark {

	static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
	static final NetworkConfig NET_3D = NetworkConfig.isotropic(3, 1, 2, 3, 8, false);

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "overhead2d" -> {
				int n = Integer.parseInt(args[1]);
				try (ModelPackage pkg = ModelPackage.open(Path.of("models/em-membranes-2d"));
					LoadedModel model = LoadedModel.load(pkg, new TensorFlowEngine()))
				{
					overhead(model.network(), PlaneSource.of(mosaic(n)));
				}
			}
			case "overhead3d" -> {
				try (Network network = new TensorFlowEngine().create(NET_3D, 1)) {
					overhead(network, PlaneSource.of(ImageFiles.read(synthetic(Path.of(args[4]),
						Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3])))));
				}
			}
			case "pipeline2d" -> {
				int n = Integer.parseInt(args[1]);
				Path dir = Path.of(args.length > 2 ? args[2] : "/tmp");
				Path file = dir.resolve("mosaic-" + n + ".tif");
				Hyperstack<?> image = mosaic(n);
				if (!Files.exists(file)) ImageFiles.write(image, file);
				pipeline(bundledConfig("em-membranes-2d"), image, file, dir);
			}
			case "pipeline3d" -> {
				Path dir = Path.of(args.length > 4 ? args[4] : "/tmp");
				Path file = synthetic(dir, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
					Integer.parseInt(args[3]));
				pipeline(bundledConfig("nuclei-3d"), ImageFiles.read(file), file, dir);
			}
			case "memory" -> memory(Integer.parseInt(args[1]), Path.of(args[2]));
			default -> throw new IllegalArgumentException(
				"overhead2d N | overhead3d Z Y X DIR | pipeline2d N [DIR] | pipeline3d Z Y X [DIR] | memory N DIR");
		}
	}

	static void overhead(Network network, PlaneSource image) throws IOException {
		TiledPredictor predictor = new TiledPredictor(network, PercentileNormalizer.DEFAULT, TileSettings.AUTO,
			MemoryBudget.forCpu());
		TilePlan plan = predictor.plan(image);
		System.out.println(plan);
		// engine alone: the same number of batches of the same shape, prepared beforehand
		List<FloatTensor> batches = new ArrayList<>();
		for (long first = 0; first < plan.tileCount(); first += plan.batch()) {
			int n = (int) Math.min(plan.batch(), plan.tileCount() - first);
			long[] shape = plan.batchShape(n, network.config().inputChannels());
			float[] data = new float[(int) (n * plan.tileVoxels() * network.config().inputChannels())];
			for (int i = 0; i < data.length; i++)
				data[i] = (float) Math.random();
			batches.add(new FloatTensor(data, shape));
		}
		network.predict(batches.get(0)); // warm-up
		predictor.predict(image, 0, (z, p) -> {}, TiledPredictor.Listener.SILENT, () -> false); // warm-up
		long start = System.nanoTime();
		long cpu = cpuNanos();
		for (FloatTensor batch : batches)
			network.predict(batch);
		double engine = (System.nanoTime() - start) / 1e9;
		double engineCpu = (cpuNanos() - cpu) / 1e9;
		start = System.nanoTime();
		cpu = cpuNanos();
		predictor.predict(image, 0, (z, p) -> {}, TiledPredictor.Listener.SILENT, () -> false);
		double pipeline = (System.nanoTime() - start) / 1e9;
		double pipelineCpu = (cpuNanos() - cpu) / 1e9;
		long voxels = (long) image.sizeX() * image.sizeY() * image.sizeZ();
		double flops = flopsPerVoxel(network.config()) * plan.tileVoxels() * plan.tileCount();
		System.out.printf("engine alone %.2f s, pipeline %.2f s, overhead %.3f; %.2f Mvoxel/s; engine %.1f GFLOP/s%n",
			engine, pipeline, pipeline / engine, voxels / pipeline / 1e6, flops / engine / 1e9);
		System.out.printf("process CPU: engine alone %.2f s, pipeline %.2f s, ratio %.3f%n", engineCpu, pipelineCpu,
			pipelineCpu / engineCpu);
	}

	/** The network configuration of a bundled model, read from its descriptor (no weights loaded). */
	static NetworkConfig bundledConfig(String name) throws IOException {
		try (ModelPackage pkg = ModelPackage.open(Path.of("models", name))) {
			return NetworkConfig.fromMap(pkg.descriptor().network());
		}
	}

	/**
	 * A network of the given shapes that does no work: class 0 gets 1 - x, the other classes share x, where x is the
	 * first input channel. Counts the time spent in {@link #predict} so that it can be subtracted.
	 */
	static final class IdentityNetwork implements Network {
		final NetworkConfig config;
		long nanos;
		long cpuNanos;

		IdentityNetwork(NetworkConfig config) {
			this.config = config;
		}

		@Override
		public NetworkConfig config() {
			return config;
		}

		@Override
		public FloatTensor predict(FloatTensor input) {
			long start = System.nanoTime();
			long cpu = THREADS.getCurrentThreadCpuTime();
			int channels = config.inputChannels();
			int classes = config.classes();
			float[] in = input.data();
			int voxels = in.length / channels;
			float[] out = new float[voxels * classes];
			float share = 1f / (classes - 1);
			for (int v = 0; v < voxels; v++) {
				float x = in[v * channels];
				out[v * classes] = 1 - x;
				for (int c = 1; c < classes; c++)
					out[v * classes + c] = x * share;
			}
			long[] shape = input.shape().clone();
			shape[shape.length - 1] = classes;
			nanos += System.nanoTime() - start;
			cpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
			return new FloatTensor(out, shape);
		}

		@Override
		public void close() {}
	}

	/**
	 * Times the pipeline's stages with an identity network: each stage includes the ones listed before it, so the
	 * differences are the cost of each stage. A first in-memory segmentation warms up the JIT.
	 */
	static void pipeline(NetworkConfig config, Hyperstack<?> image, Path file, Path dir) throws IOException {
		IdentityNetwork network = new IdentityNetwork(config);
		TiledPredictor predictor = new TiledPredictor(network, PercentileNormalizer.DEFAULT, TileSettings.AUTO,
			MemoryBudget.forCpu());
		PlaneSource source = PlaneSource.of(image);
		System.out.println(config + "\n" + predictor.plan(source));
		long voxels = (long) image.sizeX() * image.sizeY() * image.sizeZ();
		Segmentation.segment(predictor, image, 0, TiledPredictor.Listener.SILENT, () -> false); // warm-up
		network.nanos = 0;
		network.cpuNanos = 0;
		long start = System.nanoTime();
		long cpu = cpuNanos();
		PercentileNormalizer.DEFAULT.ranges(source, 0);
		report("percentile pass", start, cpu, voxels, null);
		start = System.nanoTime();
		cpu = cpuNanos();
		predictor.predict(source, 0, (z, p) -> {}, TiledPredictor.Listener.SILENT, () -> false);
		report("+ tiles, normalisation, blending", start, cpu, voxels, network);
		start = System.nanoTime();
		cpu = cpuNanos();
		predictor.predict(source, 0, (z, p) -> Segmentation.argmax(p), TiledPredictor.Listener.SILENT, () -> false);
		report("+ labels (argmax)", start, cpu, voxels, network);
		start = System.nanoTime();
		cpu = cpuNanos();
		Segmentation.segment(predictor, image, 0, TiledPredictor.Listener.SILENT, () -> false);
		report("+ labels, instances: in memory", start, cpu, voxels, network);
		start = System.nanoTime();
		cpu = cpuNanos();
		PlaneSource lazy = ImageFiles.openLazily(file);
		try (SegmentationFiles files = new SegmentationFiles(dir, "pipeline", lazy, file, config.classes())) {
			Segmentation.segment(predictor, lazy, 0, dir, files, TiledPredictor.Listener.SILENT, () -> false);
			long commit = System.nanoTime();
			files.commit();
			System.out.printf("  commit (overlay PNG, renames) %.2f s%n", (System.nanoTime() - commit) / 1e9);
		}
		report("disk to disk (TIFF in, SegmentationFiles out)", start, cpu, voxels, network);
	}

	private static void report(String stage, long start, long cpuStart, long voxels, IdentityNetwork network) {
		double seconds = (System.nanoTime() - start) / 1e9;
		double pipelineCpu = (cpuNanos() - cpuStart - (network == null ? 0 : network.cpuNanos)) / 1e9;
		System.out.printf(
			"%-48s %6.2f s, %7.2f Mvoxel/s (identity network %.2f s; process CPU less the network's %.2f s)%n", stage,
			seconds, voxels / seconds / 1e6, network == null ? 0 : network.nanos / 1e9, pipelineCpu);
		if (network != null) {
			network.nanos = 0;
			network.cpuNanos = 0;
		}
	}

	/** CPU time of the whole process (all threads), less sensitive than wall time to other programs' load. */
	static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	static void memory(int n, Path dir) throws IOException {
		Path stack = synthetic(dir, n, n, n);
		long start = System.nanoTime();
		try (Network network = new TensorFlowEngine().create(NET_3D, 1)) {
			TiledPredictor predictor = new TiledPredictor(network, PercentileNormalizer.DEFAULT, TileSettings.AUTO,
				MemoryBudget.forCpu());
			PlaneSource image = ImageFiles.openLazily(stack);
			System.out.println(predictor.plan(image));
			try (SegmentationFiles files = new SegmentationFiles(dir, "segmented", image, stack, 2)) {
				Segmentation.segment(predictor, image, 0, dir, files, TiledPredictor.Listener.SILENT, () -> false);
				files.commit();
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
			.findFirst().orElse("VmHWM unknown");
		System.out.printf("%d³ uint16 (%d MiB on disk): %.1f s, %.2f Mvoxel/s, peak resident %s, max heap %d MiB%n", n,
			Files.size(stack) >> 20, seconds, (double) n * n * n / seconds / 1e6, hwm.replaceAll("\\s+", " "),
			Runtime.getRuntime().maxMemory() >> 20);
	}

	/** A uint16 stack of blurred blobs with noise, written plane by plane. */
	static Path synthetic(Path dir, int z, int y, int x) throws IOException {
		Path file = dir.resolve("synthetic-" + z + "x" + y + "x" + x + ".tif");
		if (Files.exists(file)) return file;
		Hyperstack<?> calibration = Hyperstack
			.uncalibrated(net.imglib2.img.array.ArrayImgs.unsignedShorts(1, 1, 1, 1, 1), "synthetic");
		java.util.Random random = new java.util.Random(1);
		try (TiffStackWriter writer = TiffStackWriter.create(file, dir.resolve("none"), new long[]{ x, y, 1, z, 1 },
			TiffStackWriter.Format.UINT16, PlaneSource.of(calibration), 65535))
		{
			short[] plane = new short[x * y];
			for (int k = 0; k < z; k++) {
				for (int j = 0; j < y; j++)
					for (int i = 0; i < x; i++) {
						double blob = Math.sin(i * 0.11) * Math.sin(j * 0.13) * Math.sin(k * 0.17);
						plane[j * x + i] = (short) (1000 + 2000 * Math.max(0, blob) + random.nextInt(200));
					}
				writer.write(plane);
			}
			writer.commit();
		}
		return file;
	}

	/** An N×N image tiled from the five ISBI 2012 test sections. */
	static Hyperstack<?> mosaic(int n) throws IOException {
		var img = net.imglib2.img.array.ArrayImgs.unsignedBytes(n, n, 1, 1, 1);
		var access = img.randomAccess();
		for (int s = 0; s < (n / 512) * (n / 512); s++) {
			Hyperstack<?> section = ImageFiles
				.read(Path.of("../shared/data/isbi2012-em-membranes/test/images/02" + (s % 5) + ".png"));
			var cursor = net.imglib2.view.Views.flatIterable(section.data()).cursor();
			int ox = (s % (n / 512)) * 512;
			int oy = (s / (n / 512)) * 512;
			for (int j = 0; j < 512; j++)
				for (int i = 0; i < 512; i++) {
					access.setPosition(new long[]{ ox + i, oy + j, 0, 0, 0 });
					access.get().setReal(cursor.next().getRealDouble());
				}
		}
		return Hyperstack.uncalibrated(img, "mosaic");
	}

	/** Multiply-adds × 2 per input voxel of the forward pass: 3^d convolutions, transposed convolutions, 1×1 head. */
	static double flopsPerVoxel(NetworkConfig config) {
		int kernel = config.dims() == 2 ? 9 : 27;
		double flops = 0;
		double scale = 1;
		int in = config.inputChannels();
		for (int l = 0; l <= config.depth(); l++) {
			int f = config.filters(l);
			flops += 2 * scale * kernel * ((double) in * f + (double) f * f);
			in = f;
			if (l < config.depth()) for (int p : config.pooling(l))
				scale /= p;
		}
		for (int l = config.depth() - 1; l >= 0; l--) {
			int f = config.filters(l);
			for (int p : config.pooling(l))
				scale *= p;
			flops += 2 * scale * (double) config.filters(l + 1) * f; // transposed convolution, per output voxel
			flops += 2 * scale * kernel * (2.0 * f * f + (double) f * f);
		}
		return flops + 2.0 * config.filters(0) * config.classes();
	}
}
