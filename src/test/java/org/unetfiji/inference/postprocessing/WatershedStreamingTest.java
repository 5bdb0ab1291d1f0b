package org.unetfiji.inference.postprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.engine.tensorflow.TensorFlowEngine;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.inference.Segmentation;
import org.unetfiji.inference.tiling.MemoryBudget;
import org.unetfiji.inference.tiling.TileSettings;
import org.unetfiji.inference.tiling.TiledPredictor;
import org.unetfiji.metrics.DetectionScores;
import org.unetfiji.metrics.InstanceMetrics;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.Processing;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * The watershed streamed by slabs on a real 3D probability map (the bundled nuclei-3d on the GoNuclear training
 * stack, 100 planes of anisotropic voxels): slabs of 12 planes with their halos find the objects of the whole stack
 * labelled at once, and keep every foreground voxel.
 */
class WatershedStreamingTest {

	private static final Path STACK = Path.of("../shared/data/gonuclear-ovule-nuclei-3d/train/images/1135.tif");

	@TempDir
	static Path spool;

	@Test
	void slabsOfARealStackFindTheObjectsOfTheWholeStack() throws IOException {
		Hyperstack<?> image = ImageFiles.read(STACK);
		Segmentation.Result result;
		try (ModelPackage model = ModelPackage.open(Path.of("models/nuclei-3d"));
			LoadedModel nuclei = LoadedModel.load(model, new TensorFlowEngine()))
		{
			TiledPredictor predictor = nuclei.predictor(TileSettings.AUTO, new MemoryBudget(1L << 30, 1L << 30));
			result = Segmentation.segment(predictor, image, Postprocessing.defaults(), TiledPredictor.Listener.SILENT,
				() -> false);
		}
		Postprocessing chain = Postprocessing.of(
			List.of(new Processing(Watershed.KEY, Map.of(Watershed.SEED_DISTANCE, 4, Watershed.SEED_PROMINENCE, 0.2))));
		PartitionPass.Stage whole = (PartitionPass.Stage) chain.instances();
		int[] all = instances(chain, whole, result.probabilities(), image.voxelSize());
		int[] slabs = instances(chain, whole.withSlabPlanes(12), result.probabilities(), image.voxelSize());
		int[] foreground = new int[all.length];
		int[] slabForeground = new int[all.length];
		for (int i = 0; i < all.length; i++) {
			foreground[i] = all[i] > 0 ? 1 : 0;
			slabForeground[i] = slabs[i] > 0 ? 1 : 0;
		}
		assertArrayEquals(foreground, slabForeground, "the same foreground");
		long[] size = { image.sizeX(), image.sizeY(), image.sizeZ() };
		DetectionScores agreement = InstanceMetrics.compute(ArrayImgs.ints(all, size), ArrayImgs.ints(slabs, size), 0.5)
			.scores().get(0);
		assertTrue(agreement.numTrue() > 20, "nuclei found: " + agreement.numTrue());
		assertTrue(agreement.f1() > 0.95, "slabs against the whole stack: " + agreement);
	}

	/** The instances of the probabilities ({@code X, Y, classes, Z, 1}) in X, Y, Z order. */
	private static int[] instances(Postprocessing chain, PartitionPass.Stage stage, Hyperstack<FloatType> probabilities,
		double[] voxelSize) throws IOException
	{
		int width = (int) probabilities.sizeX();
		int height = (int) probabilities.sizeY();
		int classes = (int) probabilities.sizeC();
		int plane = width * height;
		int[] instances = new int[(int) probabilities.sizeZ() * plane];
		try (PostprocessingStep.Pass pass = stage.start(width, height, voxelSize, spool)) {
			for (int z = 0; z < probabilities.sizeZ(); z++) {
				float[][] p = new float[classes][plane];
				for (int c = 0; c < classes; c++) {
					var cursor = Views.flatIterable(
						Views.hyperSlice(Views.hyperSlice(Views.hyperSlice(probabilities.data(), Hyperstack.AXIS_T, 0),
							Hyperstack.AXIS_Z, z), Hyperstack.AXIS_C, c))
						.cursor();
					for (int i = 0; i < plane; i++)
						p[c][i] = cursor.next().get();
				}
				pass.addPlane(chain.classes().classes(p), p);
			}
			pass.endFrame();
			pass.relabel((t, z, values) -> System.arraycopy(values, 0, instances, z * plane, plane));
		}
		return instances;
	}
}
