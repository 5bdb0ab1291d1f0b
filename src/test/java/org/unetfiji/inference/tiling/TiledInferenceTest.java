package org.unetfiji.inference.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.engine.tensorflow.TensorFlowEngine;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.image.ops.PercentileNormalizer;
import org.unetfiji.inference.Segmentation;
import org.unetfiji.inference.SegmentationFiles;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.network.NetworkConfig;

import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Tiled against untiled inference on real images: the bundled EM model on an unseen ISBI 2012 section cut into many
 * small tiles, and a 3D U-Net on a GoNuclear stack. Also out-of-memory recovery and cancelling.
 */
class TiledInferenceTest {

	private static final Path EM_IMAGE = Path.of("../shared/data/isbi2012-em-membranes/test/images/021.png");
	private static final Path NUCLEI = Path.of("../shared/data/gonuclear-ovule-nuclei-3d/test/images/1136.tif");
	private static final MemoryBudget BUDGET = new MemoryBudget(1L << 30, 1L << 30);

	private static ModelPackage model;
	private static LoadedModel em;
	private static Hyperstack<?> emImage;
	private static float[][] untiled;

	@TempDir
	Path dir;

	@BeforeAll
	static void segmentUntiled() throws IOException {
		model = ModelPackage.open(Path.of("models/em-membranes-2d"));
		em = LoadedModel.load(model, new TensorFlowEngine());
		emImage = ImageFiles.read(EM_IMAGE);
		untiled = probabilities(em.predictor(TileSettings.parse("none", null, null, null), BUDGET), emImage);
	}

	@AfterAll
	static void close() throws IOException {
		em.close();
		model.close();
	}

	@Test
	void manySmallGaussianBlendedTilesAgreeWithTheWholeImage() throws IOException {
		TiledPredictor tiled = em.predictor(TileSettings.parse("192", null, null, null), BUDGET);
		assertEquals("16 tile(s) of 192×192 px, overlap 80×80, batch 4, gaussian blending",
			tiled.plan(PlaneSource.of(emImage)).toString());
		Agreement gaussian = new Agreement(untiled, probabilities(tiled, emImage));
		Agreement pasted = new Agreement(untiled,
			probabilities(em.predictor(TileSettings.parse("192", null, null, "none"), BUDGET), emImage));
		System.out.println("EM 512², 16 tiles of 192²: gaussian " + gaussian + "; crop-and-paste " + pasted);
		assertTrue(gaussian.labels() >= 0.999, "label agreement " + gaussian);
		assertTrue(gaussian.meanDifference() < 0.001, gaussian.toString());
		assertTrue(gaussian.maxDifference() < pasted.maxDifference(),
			"blending beats crop-and-paste: " + gaussian + " vs " + pasted);
	}

	/**
	 * A block predicted from the whole frame's plan (the tiles reaching into it, the frame's intensity ranges, only
	 * the window of the image those tiles read) has the probabilities of predicting the whole frame: the basis of
	 * the Spark job's equality with one machine.
	 */
	@Test
	void blocksOfTheWholeFramesPlanGiveTheWholeFramesProbabilities() throws IOException {
		TiledPredictor tiled = em.predictor(TileSettings.parse("192", null, null, null), BUDGET);
		PlaneSource source = PlaneSource.of(emImage);
		TilePlan plan = tiled.plan(source);
		float[][] whole = probabilities(tiled, emImage);
		int width = source.sizeX();
		float worst = 0;
		long tilesRun = 0;
		for (int y0 = 0; y0 < source.sizeY(); y0 += 200)
			for (int x0 = 0; x0 < width; x0 += 200) {
				int[] size = { 1, Math.min(200, source.sizeY() - y0), Math.min(200, width - x0) };
				long[] start = { 0, y0, x0 };
				tilesRun += plan.tilesTouching(start, size).length;
				float[][] block = tiled.predictBlock(plan, source, 0, tiled.ranges(source, 0), start, size,
					TiledPredictor.Listener.SILENT, () -> false);
				for (int c = 0; c < block.length; c++)
					for (int y = 0; y < size[1]; y++)
						for (int x = 0; x < size[2]; x++)
							worst = Math.max(worst,
								Math.abs(block[c][y * size[2] + x] - whole[c][(y0 + y) * width + x0 + x]));
			}
		assertTrue(worst <= 1e-5, "blocks differ from the whole frame by up to " + worst);
		assertTrue(tilesRun > plan.tileCount(), "blocks share the tiles crossing their faces: " + tilesRun);
	}

	@Test
	void probabilitiesChangeNoFasterAcrossTileBordersThanElsewhere() throws IOException {
		TiledPredictor tiled = em.predictor(TileSettings.parse("192", null, null, null), BUDGET);
		TilePlan plan = tiled.plan(PlaneSource.of(emImage));
		float[] blended = probabilities(tiled, emImage)[1];
		float[] pasted = probabilities(em.predictor(TileSettings.parse("192", null, null, "none"), BUDGET), emImage)[1];
		// seams of crop-and-paste lie where one tile's pixels give way to the next: where their weights change
		List<Integer> tileBorders = new ArrayList<>();
		List<Integer> cuts = new ArrayList<>();
		AxisTiling x = plan.axis(2);
		for (int i = 1; i < x.count(); i++) {
			tileBorders.add((int) x.start(i));
			tileBorders.add((int) x.end(i - 1));
			cuts.add((int) (x.start(i - 1) + x.tile() + x.start(i)) / 2);
		}
		double everywhere = meanGradient(blended, allColumns());
		double atTileBorders = meanGradient(blended, tileBorders);
		double atCuts = meanGradient(blended, cuts);
		double pastedAtCuts = meanGradient(pasted, cuts);
		System.out.printf(
			"mean |dp/dx|: everywhere %.4f, at tile borders %.4f, at cut lines %.4f; crop-and-paste at" +
				" cut lines %.4f (everywhere %.4f)%n",
			everywhere, atTileBorders, atCuts, pastedAtCuts, meanGradient(pasted, allColumns()));
		assertTrue(atTileBorders <= 1.1 * everywhere, atTileBorders + " vs " + everywhere);
		assertTrue(atCuts <= 1.1 * everywhere, atCuts + " vs " + everywhere);
	}

	@Test
	void a3dStackTiledAgreesWithTheWholeStack() throws IOException {
		NetworkConfig config = NetworkConfig.isotropic(3, 1, 2, 2, 4, false);
		Hyperstack<?> stack = ImageFiles.read(NUCLEI);
		try (Network network = new TensorFlowEngine().create(config, 5)) {
			TiledPredictor tiled = new TiledPredictor(network, PercentileNormalizer.DEFAULT,
				TileSettings.parse("48", null, "2", null), BUDGET);
			TilePlan plan = tiled.plan(PlaneSource.of(stack));
			assertEquals(27, plan.tileCount(), plan.toString());
			float[][] whole = probabilities(new TiledPredictor(network, PercentileNormalizer.DEFAULT,
				TileSettings.parse("none", null, null, null), BUDGET), stack);
			float[][] tiledResult = probabilities(tiled, stack);
			Agreement agreement = new Agreement(whole, tiledResult);
			System.out.println(
				"3D " + stack.sizeX() + "×" + stack.sizeY() + "×" + stack.sizeZ() + ", " + plan + ": " + agreement);
			// an untrained network hovers near 0.5, where any difference flips labels: compare decided voxels
			int[] wholeLabels = Segmentation.argmax(whole);
			int[] tiledLabels = Segmentation.argmax(tiledResult);
			long decided = 0;
			long same = 0;
			for (int i = 0; i < wholeLabels.length; i++)
				if (Math.abs(whole[0][i] - whole[1][i]) >= 0.05) {
					decided++;
					if (wholeLabels[i] == tiledLabels[i]) same++;
				}
			System.out.printf("3D: labels agree on %.4f%% of the %d voxels decided by at least 0.05%n",
				100.0 * same / decided, decided);
			assertTrue(decided > 10_000 && same >= 0.999 * decided, same + " of " + decided);
			assertTrue(agreement.meanDifference() < 0.1 * agreement.spread(),
				agreement + ", spread " + agreement.spread());
		}
	}

	@Test
	void runningOutOfMemorySplitsBatchesThenShrinksTiles() throws IOException {
		List<String> notes = new ArrayList<>();
		TiledPredictor.Listener listener = new TiledPredictor.Listener() {
			@Override
			public void tiles(long done, long total, double secondsLeft) {}

			@Override
			public void note(String message) {
				notes.add(message);
			}
		};
		// the engine refuses calls of more than 2 × 112² voxels, as TensorFlow does when memory runs out
		Network limited = new MemoryLimitedNetwork(em.network(), 2 * 112 * 112);
		TiledPredictor predictor = new TiledPredictor(limited, PercentileNormalizer.DEFAULT,
			TileSettings.parse("256", null, "4", null), BUDGET);
		float[] recovered = predict(predictor, listener);
		String halved = "out of memory with 4 tiles per engine call; continuing with 2";
		assertEquals(List.of(halved, "out of memory with tiles of 256×256; retrying with 176×176", halved,
			"out of memory with tiles of 176×176; retrying with 112×112", halved), notes);
		float[] expected = predict(new TiledPredictor(em.network(), PercentileNormalizer.DEFAULT,
			TileSettings.parse("112", null, "2", null), BUDGET), TiledPredictor.Listener.SILENT);
		assertArrayEquals(expected, recovered);
	}

	@Test
	void aCancelledRunLeavesNoOutputFile() throws IOException {
		TiledPredictor predictor = em.predictor(TileSettings.parse("128", null, "1", null), BUDGET);
		PlaneSource image = ImageFiles.openLazily(EM_IMAGE);
		AtomicInteger batches = new AtomicInteger();
		try (SegmentationFiles files = new SegmentationFiles(dir, "021", image, EM_IMAGE, 2)) {
			assertThrows(CancellationException.class, () -> Segmentation.segment(predictor, image, 0, dir, files,
				TiledPredictor.Listener.SILENT, () -> batches.incrementAndGet() > 5));
		}
		try (var left = Files.list(dir)) {
			assertEquals(List.of(), left.toList());
		}
	}

	private static float[] predict(TiledPredictor predictor, TiledPredictor.Listener listener) throws IOException {
		float[][] out = new float[1][];
		predictor.predict(PlaneSource.of(emImage), 0, (z, p) -> out[0] = p[1], listener, () -> false);
		return out[0];
	}

	/** Per class, the probabilities of frame 0, planes one after another. */
	private static float[][] probabilities(TiledPredictor predictor, Hyperstack<?> image) throws IOException {
		Hyperstack<FloatType> p = Segmentation.segment(predictor, image, 0, TiledPredictor.Listener.SILENT, () -> false)
			.probabilities();
		float[][] values = new float[(int) p.sizeC()][];
		for (int c = 0; c < values.length; c++) {
			var channel = Views.flatIterable(Views.hyperSlice(p.frame(0), Hyperstack.AXIS_C, c)).cursor();
			values[c] = new float[(int) (p.sizeX() * p.sizeY() * p.sizeZ())];
			for (int i = 0; channel.hasNext(); i++)
				values[c][i] = channel.next().get();
		}
		return values;
	}

	private static List<Integer> allColumns() {
		List<Integer> all = new ArrayList<>();
		for (int x = 1; x < 512; x++)
			all.add(x);
		return all;
	}

	/** Mean |p(x) - p(x - 1)| over all rows at the given columns of a 512² map. */
	private static double meanGradient(float[] p, List<Integer> columns) {
		double sum = 0;
		for (int y = 0; y < 512; y++)
			for (int x : columns)
				sum += Math.abs(p[y * 512 + x] - p[y * 512 + x - 1]);
		return sum / (512.0 * columns.size());
	}

	/** How two predictions of the same image agree: |Δp| over all classes, and argmax labels. */
	private record Agreement(double maxDifference, double meanDifference, double labels, double spread) {

		Agreement(float[][] a, float[][] b) {
			this(max(a, b), mean(a, b), labels(a, b), spread(a));
		}

		private static double max(float[][] a, float[][] b) {
			double max = 0;
			for (int c = 0; c < a.length; c++)
				for (int i = 0; i < a[c].length; i++)
					max = Math.max(max, Math.abs(a[c][i] - b[c][i]));
			return max;
		}

		private static double mean(float[][] a, float[][] b) {
			double sum = 0;
			for (int c = 0; c < a.length; c++)
				for (int i = 0; i < a[c].length; i++)
					sum += Math.abs(a[c][i] - b[c][i]);
			return sum / a.length / a[0].length;
		}

		private static double labels(float[][] a, float[][] b) {
			int[] la = Segmentation.argmax(a);
			int[] lb = Segmentation.argmax(b);
			long same = 0;
			for (int i = 0; i < la.length; i++)
				if (la[i] == lb[i]) same++;
			return (double) same / la.length;
		}

		/** Mean absolute deviation of class 0's probability from its mean: the scale differences compare to. */
		private static double spread(float[][] a) {
			double mean = 0;
			for (float v : a[0])
				mean += v / a[0].length;
			double sum = 0;
			for (float v : a[0])
				sum += Math.abs(v - mean);
			return sum / a[0].length;
		}

		@Override
		public String toString() {
			return String.format("max |Δp| %.4f, mean |Δp| %.5f, labels agree %.4f%%", maxDifference, meanDifference,
				100 * labels);
		}
	}

	/** The real network, refusing calls larger than a voxel limit with TensorFlow's out-of-memory message. */
	private record MemoryLimitedNetwork(Network network, long maxVoxels) implements Network {

		@Override
		public NetworkConfig config() {
			return network.config();
		}

		@Override
		public FloatTensor predict(FloatTensor input) {
			long voxels = input.data().length / input.size(input.rank() - 1);
			if (voxels > maxVoxels) throw new IllegalStateException("OOM when allocating tensor with shape[" + voxels +
				"] and type float on /job:localhost/replica:0/task:0/device:CPU:0");
			return network.predict(input);
		}

		@Override
		public void close() {}
	}
}
