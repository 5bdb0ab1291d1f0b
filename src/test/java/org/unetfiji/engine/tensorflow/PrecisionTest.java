package org.unetfiji.engine.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.unetfiji.engine.Engine;
import org.unetfiji.engine.Precision;
import org.unetfiji.engine.onnx.OnnxEngine;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.inference.tiling.MemoryBudget;
import org.unetfiji.inference.tiling.TileSettings;
import org.unetfiji.inference.tiling.TiledPredictor;
import org.unetfiji.model.ModelPackage;

/**
 * {@code precision=bfloat16} with real TensorFlow on the bundled em-membranes-2d model and its ISBI 2012 sample
 * section: the rewrite really runs (probabilities change) and the labels agree with float32 on at least 99.9 % of
 * the pixels; precisions an engine or machine cannot run are refused with what to do.
 */
class PrecisionTest {

	@Test
	void bfloat16AgreesWithFloat32OnTheBundledMembraneModel() throws IOException {
		assumeTrue(Precision.cpuHasBfloat16(), "this CPU has no bfloat16 instructions");
		float[][] float32 = predict(new TensorFlowEngine());
		float[][] bfloat16 = predict(new TensorFlowEngine().withPrecision(Precision.BFLOAT16));
		int pixels = float32[0].length;
		double largest = 0;
		int differing = 0;
		for (int i = 0; i < pixels; i++) {
			largest = Math.max(largest, Math.abs(float32[1][i] - bfloat16[1][i]));
			if ((float32[1][i] > float32[0][i]) != (bfloat16[1][i] > bfloat16[0][i])) differing++;
		}
		assertTrue(largest > 0, "bfloat16 changed nothing: the rewrite did not run");
		assertTrue(largest < 0.2, "largest probability difference " + largest);
		assertTrue(differing <= pixels / 1000, differing + " of " + pixels + " labels differ");
	}

	@Test
	void precisionsThatCannotRunAreRefusedWithWhatToDo() {
		assertEquals("precision=half is not known; use precision=float32 or bfloat16",
			assertThrows(IllegalArgumentException.class, () -> Precision.parse("half")).getMessage());
		assertEquals(Precision.BFLOAT16, Precision.parse(" BFloat16"));
		Engine onnx = new OnnxEngine();
		assertEquals(onnx, onnx.withPrecision(Precision.FLOAT32));
		assertEquals("precision=bfloat16 is available with engine=tensorflow only; use precision=float32",
			assertThrows(IllegalArgumentException.class, () -> onnx.withPrecision(Precision.BFLOAT16)).getMessage());
		if (!Precision.cpuHasBfloat16()) assertTrue(
			assertThrows(IllegalArgumentException.class, () -> new TensorFlowEngine().withPrecision(Precision.BFLOAT16))
				.getMessage().contains("no bfloat16"));
	}

	/** Class probabilities {@code [class][pixel]} of the sample section. */
	private static float[][] predict(Engine engine) throws IOException {
		try (ModelPackage model = ModelPackage.open(Path.of("models/em-membranes-2d"));
			LoadedModel loaded = LoadedModel.load(model, engine))
		{
			TiledPredictor predictor = loaded.predictor(TileSettings.AUTO, MemoryBudget.forCpu());
			float[][][] result = new float[1][][];
			predictor.predict(PlaneSource.of(ImageFiles.read(Path.of("sample-images/isbi2012-em-020.png"))), 0,
				(z, p) -> result[0] = p, TiledPredictor.Listener.SILENT, () -> false);
			return result[0];
		}
	}
}
