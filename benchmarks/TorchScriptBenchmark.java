import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.Engines;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.model.Npy;
import org.unetfiji.model.NpyArray;
import org.unetfiji.network.NetworkConfig;

import com.sun.management.OperatingSystemMXBean;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * CPU time per forward pass of a published bioimage.io model ({@code unet2d_nuclei_broad}, 1 x 1 x 512 x 512) through
 * the TorchScript engine (DJL, PyTorch 2.7.1) on {@code weights.pt} and through ONNX Runtime on {@code weights.onnx},
 * with the session options of our ONNX engine. Each gets warm-up passes, then the median of timed passes; the first
 * pass is reported apart (TorchScript's profiling executor optimises during the first passes), and the median
 * CPU time of the process per pass (all threads of the engine together). Both outputs are
 * compared with the package's test output after the descriptor's processing. Run with
 * {@code benchmarks/torchscript-benchmark.sh}.
 */
public class TorchScriptBenchmark {

	private static final int WARM_UP = 3;
	private static final int RUNS = 10;
	/** CPU time of the whole process (all of an engine's threads), less disturbed by other load than wall time. */
	private static final OperatingSystemMXBean PROCESS = (OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	public static void main(String[] args) throws Exception {
		Path nuclei = Path.of("../shared/models-external/unet2d_nuclei_broad");
		NpyArray raw = Npy.read(nuclei.resolve("test_input.npy"));
		float[] expected = Npy.read(nuclei.resolve("test_output.npy")).data();
		FloatTensor input = new FloatTensor(zeroMeanUnitVariance(raw.data()), raw.shape());
		System.out.println("| engine | weights | first pass ms | median ms | median CPU ms | max difference |");
		System.out.println("|---|---|---|---|---|---|");
		Engine torch = Engines.select("torchscript", List.of("torchscript"));
		try (Network network = torch.load("torchscript", nuclei.resolve("weights.pt"),
			NetworkConfig.isotropic(2, 1, 2, 4, 16, false)))
		{
			report(torch.name(), "weights.pt", network::predict, input, expected);
		}
		OrtEnvironment environment = OrtEnvironment.getEnvironment();
		try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			options.addConfigEntry("session.intra_op.allow_spinning", "0");
			try (OrtSession session = environment.createSession(nuclei.resolve("weights.onnx").toString(), options)) {
				String name = session.getInputNames().iterator().next();
				report("ONNX Runtime " + environment.getVersion() + " (CPU)", "weights.onnx", in -> {
					try (
						OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(in.data()),
							in.shape());
						OrtSession.Result result = session.run(Map.of(name, tensor)))
					{
						OnnxTensor out = (OnnxTensor) result.get(0);
						FloatTensor output = FloatTensor.zeros(out.getInfo().getShape());
						out.getFloatBuffer().get(output.data());
						return output;
					}
					catch (Exception e) {
						throw new IllegalStateException(e);
					}
				}, input, expected);
			}
		}
	}

	private static void report(String engine, String weights, UnaryOperator<FloatTensor> forward, FloatTensor input,
		float[] expected)
	{
		long start = System.nanoTime();
		FloatTensor output = forward.apply(input);
		double first = (System.nanoTime() - start) / 1e6;
		for (int i = 1; i < WARM_UP; i++)
			forward.apply(input);
		double[] ms = new double[RUNS];
		double[] cpu = new double[RUNS];
		for (int i = 0; i < RUNS; i++) {
			long cpuStart = PROCESS.getProcessCpuTime();
			start = System.nanoTime();
			forward.apply(input);
			ms[i] = (System.nanoTime() - start) / 1e6;
			cpu[i] = (PROCESS.getProcessCpuTime() - cpuStart) / 1e6;
		}
		Arrays.sort(ms);
		Arrays.sort(cpu);
		double difference = 0;
		for (int i = 0; i < expected.length; i++)
			difference = Math.max(difference, Math.abs(1 / (1 + Math.exp(-output.data()[i])) - expected[i]));
		System.out.printf("| %s | %s | %.0f | %.0f | %.0f | %.1e |%n", engine, weights, first, ms[RUNS / 2],
			cpu[RUNS / 2], difference);
	}

	/** The descriptor's preprocessing: zero mean, unit variance over the whole sample, eps 1e-6. */
	private static float[] zeroMeanUnitVariance(float[] data) {
		double mean = 0;
		double variance = 0;
		for (float v : data)
			mean += v;
		mean /= data.length;
		for (float v : data)
			variance += (v - mean) * (v - mean);
		double std = Math.sqrt(variance / data.length);
		float[] normalised = new float[data.length];
		for (int i = 0; i < data.length; i++)
			normalised[i] = (float) ((data[i] - mean) / (std + 1e-6));
		return normalised;
	}
}
