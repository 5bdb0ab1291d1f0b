package org.unetfiji.engine.pytorch;

import java.nio.file.Path;
import java.util.List;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.Engines;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.export.onnx.OnnxExport;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.Npy;
import org.unetfiji.model.NpyArray;
import org.unetfiji.network.NetworkConfig;

/**
 * A TensorFlow prediction, then a TorchScript one, in one JVM: run by {@link TorchScriptBesideTensorFlowIT} in a JVM
 * laid out as an ImageJ installation, so that both engines come from the installed engine folder. Prints each
 * engine's class loader and its largest difference to its package's test output.
 */
public final class BothEngines {

	private BothEngines() {}

	public static void main(String[] args) throws Exception {
		try (ModelPackage pkg = ModelPackage.open(Path.of("models/em-membranes-2d"));
			LoadedModel model = LoadedModel.load(pkg, "tensorflow"))
		{
			System.out.println(model.engineName() + " in " + model.network().getClass().getClassLoader().getName() +
				": max difference " +
				OnnxExport.maxDifference(model.network(), pkg.readTestInput(), pkg.readTestOutput()));
		}
		Path nuclei = TorchScriptEngineTest.NUCLEI;
		Engine torch = Engines.select("torchscript", List.of("torchscript"));
		NpyArray input = Npy.read(nuclei.resolve("test_input.npy"));
		float[] expected = Npy.read(nuclei.resolve("test_output.npy")).data();
		try (Network network = torch.load("torchscript", nuclei.resolve("weights.pt"),
			NetworkConfig.isotropic(2, 1, 2, 4, 16, false)))
		{
			FloatTensor output = network
				.predict(new FloatTensor(TorchScriptEngineTest.zeroMeanUnitVariance(input.data()), input.shape()));
			double difference = 0;
			for (int i = 0; i < expected.length; i++)
				difference = Math.max(difference,
					Math.abs(TorchScriptEngineTest.sigmoid(output.data()[i]) - expected[i]));
			System.out.println(
				torch.name() + " in " + torch.getClass().getClassLoader().getName() + ": max difference " + difference);
		}
	}
}
