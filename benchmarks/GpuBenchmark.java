import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engine;
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

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;

/**
 * GPU against CPU with the same code (not a test; {@code benchmarks/gpu.sh} runs it, see docs/GPU.md). Every mode
 * takes a {@code device=} value and prints one result line; on a GPU it also samples nvidia-smi every 100 ms for the
 * share of time the GPU was busy and the peak of its used memory.
 * <ul>
 * <li>{@code compare DEVICE}: the same networks on the CPU and on DEVICE, same tiles: the bundled em-membranes-2d
 * on the ISBI 2012 test section 020 (512², real), and a 3D U-Net (depth 3, 16 filters, seeded weights saved once) on
 * the GoNuclear test stack (100³, real): largest |Δp| and pixels whose label differs.</li>
 * <li>{@code infer3d DEVICE Z Y X}: the 3D U-Net tiled over a synthetic Z×Y×X stack held in memory (tile=auto from
 * the device's memory), planes discarded: voxels per second of the whole pipeline after a warm-up call.</li>
 * <li>{@code train DEVICE 2|3 STEPS}: Adam steps per second at the training defaults (2D: depth 4, 128², 3D: depth 3,
 * 32×64×64; 16 filters, batch 2) after 3 warm-up steps.</li>
 * <li>{@code segment3d DEVICE N DIR}: writes an N³ uint16 stack to DIR and segments it disk to disk (probabilities,
 * labels, instances) as {@code ./unet segment} does: the largest stack test, with peak GPU memory against the
 * tile budget.</li>
 * </ul>
 */
public class GpuBenchmark {

	static final NetworkConfig NET_3D = NetworkConfig.isotropic(3, 1, 2, 3, 16, false);
	static final Path DATA = Path.of("../shared/data");

	public static void main(String[] args) throws Exception {
		DeviceChoice choice = DeviceChoice.parse(args.length > 1 ? args[1] : null);
		Engine engine = new TensorFlowEngine().on(choice);
		Device device = engine.device();
		System.out.println("== " + String.join(" ", args) + " on " + device.describe() +
			(device.note() != null ? "; " + device.note() : ""));
		switch (args[0]) {
			case "compare" -> compare(engine);
			case "infer3d" ->
				infer3d(engine, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
			case "train" -> train(engine, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
			case "segment3d" -> segment3d(engine, Integer.parseInt(args[2]), Path.of(args[3]));
			default -> throw new IllegalArgumentException(
				"compare DEVICE | infer3d DEVICE Z Y X | train DEVICE 2|3 STEPS | segment3d DEVICE N DIR");
		}
	}

	static void compare(Engine engine) throws IOException {
		Engine cpu = new TensorFlowEngine().on(DeviceChoice.CPU);
		Hyperstack<?> section = ImageFiles.read(DATA.resolve("isbi2012-em-membranes/test/images/020.png"));
		try (ModelPackage model = ModelPackage.open(Path.of("models/em-membranes-2d"));
			LoadedModel onCpu = LoadedModel.load(model, cpu);
			LoadedModel onDevice = LoadedModel.load(model, engine))
		{
			difference("2D em-membranes-2d, ISBI 2012 020 (512²)", section, onCpu.predictor(WHOLE, FIXED),
				onDevice.predictor(WHOLE, FIXED));
		}
		Hyperstack<?> stack = ImageFiles.read(DATA.resolve("gonuclear-ovule-nuclei-3d/test/images/1136.tif"));
		Path saved = Files.createTempDirectory("gpu-benchmark-").resolve("net");
		try (Network created = cpu.create(NET_3D, 1)) {
			created.save(saved);
		}
		try (Network a = cpu.load(saved, NET_3D); Network b = engine.load(saved, NET_3D)) {
			difference("3D U-Net (depth 3, 16 filters, seeded), GoNuclear 1136 (100³)", stack,
				new TiledPredictor(a, PercentileNormalizer.DEFAULT, WHOLE, FIXED),
				new TiledPredictor(b, PercentileNormalizer.DEFAULT, WHOLE, FIXED));
		}
	}

	/** One tile of the whole (padded) image, batch 1: the same work on both devices, whatever their memory. */
	static final TileSettings WHOLE = TileSettings.parse("none", null, "1", null);
	static final MemoryBudget FIXED = new MemoryBudget(1L << 30, 1L << 30);

	static void difference(String what, Hyperstack<?> image, TiledPredictor cpu, TiledPredictor device)
		throws IOException
	{
		Segmentation.Result a = Segmentation.segment(cpu, image, 0, TiledPredictor.Listener.SILENT, () -> false);
		Segmentation.Result b = Segmentation.segment(device, image, 0, TiledPredictor.Listener.SILENT, () -> false);
		double max = 0;
		var pa = Views.flatIterable(a.probabilities().data()).cursor();
		var pb = Views.flatIterable(b.probabilities().data()).cursor();
		while (pa.hasNext())
			max = Math.max(max, Math.abs(pa.next().get() - pb.next().get()));
		long differ = 0;
		long pixels = 0;
		var la = Views.flatIterable(a.labels().data()).cursor();
		var lb = Views.flatIterable(b.labels().data()).cursor();
		for (; la.hasNext(); pixels++)
			if (la.next().get() != lb.next().get()) differ++;
		System.out.printf(Locale.ROOT, "%s: max |Δp| CPU vs device %.2e; labels differ at %d of %d voxels%n", what, max,
			differ, pixels);
	}

	static void infer3d(Engine engine, int z, int y, int x) throws IOException {
		var data = ArrayImgs.unsignedShorts(x, y, 1, z, 1);
		Random random = new Random(1);
		var cursor = data.localizingCursor();
		while (cursor.hasNext()) {
			cursor.fwd();
			double blob = Math.sin(cursor.getIntPosition(0) * 0.11) * Math.sin(cursor.getIntPosition(1) * 0.13) *
				Math.sin(cursor.getIntPosition(3) * 0.17);
			cursor.get().set(1000 + (int) (2000 * Math.max(0, blob)) + random.nextInt(200));
		}
		PlaneSource image = PlaneSource.of(Hyperstack.uncalibrated(data, "synthetic"));
		try (Network network = engine.create(NET_3D, 1)) {
			MemoryBudget budget = MemoryBudget.forDevice(engine.device(), System.out::println);
			TiledPredictor predictor = new TiledPredictor(network, PercentileNormalizer.DEFAULT, TileSettings.AUTO,
				budget);
			TilePlan plan = predictor.plan(image);
			System.out.println(plan);
			network.predict(FloatTensor.zeros(plan.batchShape(plan.batch(), 1))); // warm-up: cuDNN picks algorithms
			try (GpuMonitor gpu = GpuMonitor.start(engine.device())) {
				long start = System.nanoTime();
				predictor.predict(image, 0, (plane, p) -> {}, TiledPredictor.Listener.SILENT, () -> false);
				double seconds = (System.nanoTime() - start) / 1e9;
				System.out.printf(Locale.ROOT, "infer3d %d×%d×%d: %.1f s, %.2f Mvoxel/s%s%n", z, y, x, seconds,
					(double) z * y * x / seconds / 1e6, gpu.summary(budget));
			}
		}
	}

	static void train(Engine engine, int dims, int steps) throws IOException {
		NetworkConfig config = NetworkConfig.isotropic(dims, 1, 2, dims == 3 ? 3 : 4, 16, false);
		long[] tile = dims == 3 ? new long[]{ 32, 64, 64 } : new long[]{ 128, 128 };
		int batch = 2;
		long[] shape = new long[dims + 2];
		shape[0] = batch;
		System.arraycopy(tile, 0, shape, 1, dims);
		shape[dims + 1] = 1;
		FloatTensor input = FloatTensor.zeros(shape.clone());
		shape[dims + 1] = 2;
		FloatTensor target = FloatTensor.zeros(shape.clone());
		FloatTensor weights = FloatTensor.zeros(java.util.Arrays.copyOf(shape, dims + 1));
		Random random = new Random(1);
		for (int i = 0; i < input.data().length; i++) {
			input.data()[i] = (float) random.nextGaussian();
			target.data()[2 * i + (input.data()[i] > 0 ? 1 : 0)] = 1;
			weights.data()[i] = 1;
		}
		try (Network network = engine.create(config, 1)) {
			for (int i = 0; i < 3; i++)
				network.trainStep(input, target, weights, 1e-3f);
			try (GpuMonitor gpu = GpuMonitor.start(engine.device())) {
				long start = System.nanoTime();
				float loss = 0;
				for (int i = 0; i < steps; i++)
					loss = network.trainStep(input, target, weights, 1e-3f);
				double seconds = (System.nanoTime() - start) / 1e9;
				System.out.printf(Locale.ROOT,
					"train %dD %s, batch %d, 16 filters: %.2f steps/s (%.1f ms/step, loss %.3f)%s%n", dims,
					java.util.Arrays.toString(tile), batch, steps / seconds, 1000 * seconds / steps, loss,
					gpu.summary(null));
			}
		}
	}

	static void segment3d(Engine engine, int n, Path dir) throws IOException {
		Path stack = dir.resolve("synthetic-" + n + ".tif");
		writeSynthetic(stack, n);
		try (Network network = engine.create(NET_3D, 1)) {
			MemoryBudget budget = MemoryBudget.forDevice(engine.device(), System.out::println);
			TiledPredictor predictor = new TiledPredictor(network, PercentileNormalizer.DEFAULT, TileSettings.AUTO,
				budget);
			PlaneSource image = ImageFiles.openLazily(stack);
			System.out.println(predictor.plan(image));
			try (GpuMonitor gpu = GpuMonitor.start(engine.device());
				SegmentationFiles files = new SegmentationFiles(dir, "segmented-" + n, image, stack, 2))
			{
				long start = System.nanoTime();
				Segmentation.segment(predictor, image, 0, dir, files, TiledPredictor.Listener.SILENT, () -> false);
				files.commit();
				double seconds = (System.nanoTime() - start) / 1e9;
				String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
					.filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM unknown").replaceAll("\\s+", " ");
				System.out.printf(Locale.ROOT,
					"segment3d %d³ uint16 disk to disk: %.1f s, %.2f Mvoxel/s, peak resident %s%s%n", n, seconds,
					(double) n * n * n / seconds / 1e6, hwm, gpu.summary(budget));
			}
		}
	}

	/** A uint16 stack of blurred blobs with noise, written plane by plane. */
	static void writeSynthetic(Path file, int n) throws IOException {
		if (Files.exists(file)) return;
		Hyperstack<?> calibration = Hyperstack.uncalibrated(ArrayImgs.unsignedShorts(1, 1, 1, 1, 1), "synthetic");
		Random random = new Random(1);
		try (TiffStackWriter writer = TiffStackWriter.create(file, file.resolveSibling("none"),
			new long[]{ n, n, 1, n, 1 }, TiffStackWriter.Format.UINT16, PlaneSource.of(calibration), 65535))
		{
			short[] plane = new short[n * n];
			for (int k = 0; k < n; k++) {
				for (int j = 0; j < n; j++)
					for (int i = 0; i < n; i++) {
						double blob = Math.sin(i * 0.11) * Math.sin(j * 0.13) * Math.sin(k * 0.17);
						plane[j * n + i] = (short) (1000 + 2000 * Math.max(0, blob) + random.nextInt(200));
					}
				writer.write(plane);
			}
			writer.commit();
		}
	}

	/** Samples {@code nvidia-smi} every 100 ms while open: mean utilisation and peak used memory; nothing on the CPU. */
	static final class GpuMonitor implements AutoCloseable {

		private final Process process;
		private final Thread reader;
		private long samples;
		private double busy;
		private long peakMiB;

		private GpuMonitor(Process process) {
			this.process = process;
			reader = new Thread(this::read, "nvidia-smi");
			reader.setDaemon(true);
			reader.start();
		}

		static GpuMonitor start(Device device) throws IOException {
			return new GpuMonitor(
				device.isGpu() ? new ProcessBuilder("nvidia-smi", "--query-gpu=utilization.gpu,memory.used",
					"--format=csv,noheader,nounits", "-i", device.smiId(), "-lms", "100").redirectErrorStream(true)
					.start() : null);
		}

		private void read() {
			if (process == null) return;
			try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
			{
				for (String line; (line = lines.readLine()) != null;) {
					String[] fields = line.split(",");
					if (fields.length != 2) continue;
					try {
						double utilisation = Double.parseDouble(fields[0].strip());
						long used = Long.parseLong(fields[1].strip());
						synchronized (this) {
							samples++;
							busy += utilisation;
							peakMiB = Math.max(peakMiB, used);
						}
					}
					catch (NumberFormatException e) {
						// a line nvidia-smi could not fill ([N/A]): skipped
					}
				}
			}
			catch (IOException e) {
				// the process was stopped
			}
		}

		/** {@code ; GPU busy 93% of the time (412 samples), peak 11.3 GiB used (tile budget 8 GiB)}, or empty. */
		synchronized String summary(MemoryBudget budget) {
			if (process == null) return "";
			if (samples == 0) return "; GPU: no nvidia-smi samples";
			return String.format(Locale.ROOT, "; GPU busy %.0f%% of the time (%d samples), peak %s used on the GPU%s",
				busy / samples, samples, Device.gib(peakMiB << 20),
				budget == null ? "" : " (tile budget " + Device.gib(budget.engineBytes()) + ")");
		}

		@Override
		public void close() {
			if (process == null) return;
			process.destroy();
			try {
				reader.join(2000);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
