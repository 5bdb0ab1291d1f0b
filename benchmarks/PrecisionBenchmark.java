import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.Precision;
import org.unetfiji.engine.tensorflow.TensorFlowEngine;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.inference.Segmentation;
import org.unetfiji.inference.tiling.MemoryBudget;
import org.unetfiji.inference.tiling.TileSettings;
import org.unetfiji.inference.tiling.TiledPredictor;
import org.unetfiji.model.ModelPackage;

/**
 * {@code precision=bfloat16} against {@code float32} with TensorFlow on the CPU, for every bundled model on its
 * sample image(s) (see benchmarks/README.md): segmentation time (median of RUNS after a warm-up, the network as
 * loaded, no rescaling), the largest probability difference and the share of labels and of instance/background
 * voxels that differ. Prints one table in one run.
 */
public class PrecisionBenchmark {

	record Case(String model, List<String> images) {}

	static final List<Case> CASES = List.of(
		new Case("em-membranes-2d",
			List.of("sample-images/isbi2012-em-020.png", "../shared/data/isbi2012-em-membranes/test/images/021.png",
				"../shared/data/isbi2012-em-membranes/test/images/022.png")),
		new Case("nuclei-2d", List.of("sample-images/ctc-hela-t79.tif")),
		new Case("nuclei-3d", List.of("sample-images/gonuclear-1136.tif")));

	public static void main(String[] args) throws Exception {
		int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
		System.out.println("CPU bfloat16 instructions (avx512_bf16/amx_bf16): " + Precision.cpuHasBfloat16());
		System.out
			.println("| model | image | voxels | float32 s | bfloat16 s | speed-up | max abs Δp | labels differing |");
		System.out.println("|---|---|---|---|---|---|---|---|");
		for (Case c : CASES) {
			for (String file : c.images()) {
				if (!java.nio.file.Files.exists(Path.of(file))) continue;
				Hyperstack<?> image = ImageFiles.read(Path.of(file));
				Timed f32 = segment(c.model(), Precision.FLOAT32, image, runs);
				Timed bf16 = segment(c.model(), Precision.BFLOAT16, image, runs);
				float[] p32 = data(f32.result().probabilities());
				float[] p16 = data(bf16.result().probabilities());
				double maxDiff = 0;
				for (int i = 0; i < p32.length; i++)
					maxDiff = Math.max(maxDiff, Math.abs(p32[i] - p16[i]));
				int[] l32 = labels(f32.result().labels());
				int[] l16 = labels(bf16.result().labels());
				long differing = 0;
				for (int i = 0; i < l32.length; i++)
					if (l32[i] != l16[i]) differing++;
				System.out.printf("| %s | %s | %d | %.3f | %.3f | %.2f× | %.4f | %d (%.4f %%) |%n", c.model(),
					Path.of(file).getFileName(), l32.length, f32.seconds(), bf16.seconds(),
					f32.seconds() / bf16.seconds(), maxDiff, differing, 100.0 * differing / l32.length);
			}
		}
	}

	record Timed(Segmentation.Result result, double seconds) {}

	static Timed segment(String model, Precision precision, Hyperstack<?> image, int runs) throws Exception {
		Engine engine = new TensorFlowEngine().withPrecision(precision);
		try (ModelPackage pkg = ModelPackage.open(Path.of("models", model));
			LoadedModel loaded = LoadedModel.load(pkg, engine))
		{
			TiledPredictor predictor = loaded.predictor(TileSettings.AUTO, MemoryBudget.forCpu());
			Segmentation.Result result = Segmentation.segment(predictor, image, loaded.postprocessing(),
				TiledPredictor.Listener.SILENT, () -> false); // warm-up (graph rewrite, oneDNN kernels)
			double[] seconds = new double[runs];
			for (int r = 0; r < runs; r++) {
				long start = System.nanoTime();
				result = Segmentation.segment(predictor, image, loaded.postprocessing(), TiledPredictor.Listener.SILENT,
					() -> false);
				seconds[r] = (System.nanoTime() - start) / 1e9;
			}
			Arrays.sort(seconds);
			return new Timed(result, seconds[runs / 2]);
		}
	}

	static float[] data(Hyperstack<net.imglib2.type.numeric.real.FloatType> image) {
		return ((net.imglib2.img.array.ArrayImg<?, net.imglib2.img.basictypeaccess.array.FloatArray>) image.data())
			.update(null).getCurrentStorageArray();
	}

	static int[] labels(Hyperstack<net.imglib2.type.numeric.integer.IntType> image) {
		return ((net.imglib2.img.array.ArrayImg<?, net.imglib2.img.basictypeaccess.array.IntArray>) image.data())
			.update(null).getCurrentStorageArray();
	}
}
