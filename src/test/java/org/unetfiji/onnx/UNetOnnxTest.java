package org.unetfiji.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.engine.onnx.OnnxEngine;
import org.unetfiji.engine.tensorflow.TensorFlowEngine;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.NpyArray;
import org.unetfiji.network.NetworkConfig;

class UNetOnnxTest {

	@Test
	void probe(@TempDir Path dir) throws Exception {
		try (ModelPackage pkg = ModelPackage.open(Path.of("models/em-membranes-2d"))) {
			NetworkConfig config = NetworkConfig.fromMap(pkg.descriptor().network());
			NpyArray in = pkg.readTestInput();
			NpyArray expected = pkg.readTestOutput();
			Path onnx = dir.resolve("m.onnx");
			try (Network tf = new TensorFlowEngine().load(pkg.savedModelFolder(), config)) {
				Files.write(onnx, UNetOnnx.build(config, tf::variable, "input", "probabilities", "test"));
			}
			try (Network ort = new OnnxEngine().load(onnx, config)) {
				FloatTensor out = ort.predict(new FloatTensor(in.data(), in.shape()));
				assertArrayEquals(expected.shape(), out.shape());
				double max = 0;
				for (int i = 0; i < out.data().length; i++)
					max = Math.max(max, Math.abs(out.data()[i] - expected.data()[i]));
				System.out.println("MAXDIFF " + max);
				assertTrue(max < 1e-4);
			}
		}
	}
}
