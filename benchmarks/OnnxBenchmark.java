import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.engine.onnx.OnnxEngine;
import org.unetfiji.engine.tensorflow.TensorFlowEngine;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.network.NetworkConfig;
import org.unetfiji.export.onnx.UNetOnnx;

import ij.IJ;

/**
 * CPU throughput (voxels/s) of the same U-Net through TensorFlow and ONNX Runtime, in one run: the bundled 2D model
 * on a whole ISBI 2012 test section, and a 3D U-Net with batch norm (fresh weights) on a GoNuclear crop. Each
 * engine gets warm-up runs, then the median of timed forward passes (batch 1, all cores) is reported.
 * Run with {@code benchmarks/onnx-benchmark.sh}.
 */
public class OnnxBenchmark {

	private static final int WARM_UP = 2;
	private static final int RUNS = 5;

	public static void main(String[] args) throws Exception {
		Path data = Path.of("../shared/data");
		System.out.println("| network | input | engine | median ms | voxels/s | max difference |");
		System.out.println("|---|---|---|---|---|---|");
		try (ModelPackage model = ModelPackage.open(Path.of("models/em-membranes-2d"))) {
			NetworkConfig config = NetworkConfig.fromMap(model.descriptor().network());
			var section = IJ.openImage(data.resolve("isbi2012-em-membranes/test/images/020.png").toString())
				.getProcessor().convertToFloat();
			float[] pixels = (float[]) section.getPixels();
			for (int i = 0; i < pixels.length; i++)
				pixels[i] /= 255;
			FloatTensor input = new FloatTensor(pixels, new long[]{ 1, section.getHeight(), section.getWidth(), 1 });
			try (Network tf = new TensorFlowEngine().load(model.savedModelFolder(), config)) {
				compare("em-membranes-2d (" + config + ")", tf, config, input);
			}
		}
		NetworkConfig config3d = new NetworkConfig(3, 1, 2, 8, true,
			new int[][]{ { 1, 2, 2 }, { 2, 2, 2 }, { 2, 2, 2 } });
		var stack = IJ.openImage(data.resolve("gonuclear-ovule-nuclei-3d/train/images/1135.tif").toString()).getStack();
		long[] size = { 32, 96, 96 }; // the stack is 100 x 100 x 100, 8-bit
		FloatTensor volume = FloatTensor.zeros(1, size[0], size[1], size[2], 1);
		for (int z = 0, i = 0; z < size[0]; z++)
			for (int y = 0; y < size[1]; y++)
				for (int x = 0; x < size[2]; x++)
					volume.data()[i++] = (float) stack.getVoxel(x, y, z) / 255f;
		try (Network tf = new TensorFlowEngine().create(config3d, 1)) {
			compare("3D U-Net (" + config3d + ", fresh weights)", tf, config3d, volume);
		}
	}

	private static void compare(String name, Network tf, NetworkConfig config, FloatTensor input) throws Exception {
		Path onnx = Files.createTempFile("benchmark-", ".onnx");
		try {
			Files.write(onnx, UNetOnnx.build(config, tf::variable, "input", "probabilities", "benchmark"));
			Engine ortEngine = new OnnxEngine();
			try (Network ort = ortEngine.load(onnx, config)) {
				FloatTensor expected = tf.predict(input);
				FloatTensor actual = ort.predict(input);
				double difference = 0;
				for (int i = 0; i < expected.data().length; i++)
					difference = Math.max(difference, Math.abs(expected.data()[i] - actual.data()[i]));
				String shape = Arrays.toString(Arrays.copyOfRange(input.shape(), 1, input.rank() - 1));
				report(name, shape, new TensorFlowEngine().name(), tf, input, difference);
				report(name, shape, ortEngine.name(), ort, input, difference);
			}
		}
		finally {
			Files.deleteIfExists(onnx);
		}
	}

	private static void report(String name, String shape, String engine, Network network, FloatTensor input,
		double difference)
	{
		for (int i = 0; i < WARM_UP; i++)
			network.predict(input);
		double[] ms = new double[RUNS];
		for (int i = 0; i < RUNS; i++) {
			long start = System.nanoTime();
			network.predict(input);
			ms[i] = (System.nanoTime() - start) / 1e6;
		}
		Arrays.sort(ms);
		double median = ms[RUNS / 2];
		long voxels = input.data().length / input.size(input.rank() - 1);
		System.out.printf("| %s | %s | %s | %.0f | %.3g | %.1e |%n", name, shape, engine, median,
			voxels / (median / 1000), difference);
	}
}
