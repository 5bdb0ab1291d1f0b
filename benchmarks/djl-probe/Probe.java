import java.nio.*;
import java.nio.file.*;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;

/**
 * Runs an exported package's weights.onnx through DJL 0.34.0's ONNX Runtime engine on the package's test input and
 * prints the largest difference to its test output. Evidence for benchmarks/ONNX-RESULTS.md; not part of the build.
 * Usage: mvn -q dependency:build-classpath -Dmdep.outputFile=cp.txt && java -cp "$(cat cp.txt)" Probe.java PACKAGE
 */
public class Probe {
	static float[] npy(Path f) throws Exception {
		byte[] b = Files.readAllBytes(f);
		int header = 10 + (b[8] & 0xff) + ((b[9] & 0xff) << 8);
		FloatBuffer fb = ByteBuffer.wrap(b, header, b.length - header).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
		float[] v = new float[fb.remaining()];
		fb.get(v);
		return v;
	}
	public static void main(String[] a) throws Exception {
		Path dir = Path.of(a[0]);
		Engine engine = Engine.getEngine("OnnxRuntime");
		System.out.println(
			"engine " + engine.getEngineName() + " " + engine.getVersion() + " device " + engine.defaultDevice());
		try (Model model = Model.newInstance("unet", "OnnxRuntime")) {
			model.load(dir, "weights");
			float[] in = npy(dir.resolve("test_input.npy")), expected = npy(dir.resolve("test_output.npy"));
			try (Predictor<NDList, NDList> p = model.newPredictor(new NoopTranslator());
				NDManager m = NDManager.newBaseManager())
			{
				NDList out = p.predict(new NDList(m.create(in, new Shape(1, 128, 128, 1))));
				float[] got = out.singletonOrThrow().toFloatArray();
				double max = 0;
				for (int i = 0; i < got.length; i++)
					max = Math.max(max, Math.abs(got[i] - expected[i]));
				System.out
					.println("output " + out.singletonOrThrow().getShape() + " max difference to test output " + max);
			}
		}
	}
}
