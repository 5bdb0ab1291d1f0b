package org.unetfiji.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.PlaneSource;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Resampling a stack to a model's voxel size and back, plane by plane: a stack calibrated at twice the model's z
 * step becomes twice as deep for the network, and its planes come back in order on the stack's own grid.
 */
class RescalingPlanesTest {

	/** A 12 × 10 × 6 stack whose value is 10 z + x (linear, so linear resampling keeps it inside). */
	private static PlaneSource ramp() {
		var data = ArrayImgs.floats(12, 10, 1, 6, 1);
		var cursor = data.localizingCursor();
		while (cursor.hasNext()) {
			FloatType v = cursor.next();
			v.set(10 * cursor.getIntPosition(3) + cursor.getIntPosition(0));
		}
		return PlaneSource.of(new Hyperstack<>(data, new double[]{ 0.2, 0.2, 1.0 }, "µm", "ramp"));
	}

	@Test
	void stacksAreResampledInZAndMappedBackPlaneByPlane() throws Exception {
		PlaneSource stack = ramp();
		Rescaling.Plan plan = Rescaling.plan(stack, List.of(0.5, 0.1, 0.1), true);
		assertEquals("rescaled from 12×10×6 to 24×20×12 px for the model (pixel size 0.2×0.2×1 µm, model's " +
			"0.1×0.1×0.5 µm); results are mapped back to the image's grid", plan.note());
		Rescaling rescaling = plan.rescaling();
		assertNotNull(rescaling);
		PlaneSource scaled = rescaling.scaled(stack);
		assertEquals(24, scaled.sizeX());
		assertEquals(20, scaled.sizeY());
		assertEquals(12, scaled.sizeZ());
		assertArrayEquals(new double[]{ 0.1, 0.1, 0.5 }, scaled.voxelSize());

		List<Long> order = new ArrayList<>();
		List<float[]> planes = new ArrayList<>();
		var back = rescaling.back((z, probabilities) -> {
			order.add(z);
			planes.add(probabilities[0].clone());
		});
		float[] plane = new float[24 * 20];
		for (int z = 0; z < 12; z++) {
			scaled.read(0, z, 0, plane);
			back.accept(z, new float[][]{ plane });
		}
		assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), order, "every plane of the stack once, in order");
		for (int z = 1; z < 5; z++)
			for (int x = 1; x < 11; x++)
				assertEquals(10 * z + x, planes.get(z)[3 * 12 + x], 1e-3, "z " + z + ", x " + x);
	}

	@Test
	void sizesWithinTenPercentAreTakenAsTheyAre() {
		assertEquals(new Rescaling.Plan(null, null), Rescaling.plan(ramp(), List.of(0.95, 0.21, 0.19), true));
	}
}
