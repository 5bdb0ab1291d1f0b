import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.image.ops.ConnectedComponents;
import org.unetfiji.image.ops.Connectivity;
import org.unetfiji.inference.postprocessing.Components;
import org.unetfiji.inference.postprocessing.Postprocessing;
import org.unetfiji.inference.postprocessing.PostprocessingStep;
import org.unetfiji.inference.postprocessing.Threshold;
import org.unetfiji.inference.postprocessing.Watershed;
import org.unetfiji.metrics.DetectionScores;
import org.unetfiji.metrics.InstanceMetrics;
import org.unetfiji.model.Processing;

import net.imglib2.img.array.ArrayImgs;

/**
 * Connected components against the seeded watershed on the same probabilities: reads {@code NAME.probabilities.tif}
 * written by {@code ./unet segment} and the truth {@code NAME.*}, runs every candidate chain of a small grid (the
 * foreground threshold and the smallest object size for both; seed distance, seed prominence and agglomeration
 * threshold for the watershed) and prints the pooled
 * F1 and AP (StarDist's TP / (TP + FP + FN)) at IoU 0.5 of each, then the best of each method. Run it on validation
 * images only: choosing the best of a grid is tuning. See WATERSHED.md.
 *
 * <pre>
 * java -cp "target/cli/unet-fiji.jar:target/cli/lib/*" benchmarks/WatershedBenchmark.java PROBABILITIES_DIR TRUTH_DIR
 * </pre>
 */
public class WatershedBenchmark {

	private static final double[] THRESHOLDS = { 0.3, 0.5, 0.7 };
	private static final long[] MIN_SIZES = { 0, 50, 100, 200 };
	private static final double[] SEED_DISTANCES = { 4, 8 };
	private static final double[] SEED_PROMINENCES = { 0, 0.2, 0.4 };
	private static final double[] MERGE_THRESHOLDS = { 0, 0.2 };

	public static void main(String[] args) throws Exception {
		if (args[0].equals("speed")) {
			speed(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
			return;
		}
		Path probabilities = Path.of(args[0]);
		List<Path> truths = ImageFiles.imagesIn(Path.of(args[1]));
		Map<String, List<Processing>> candidates = new LinkedHashMap<>();
		for (double threshold : THRESHOLDS) {
			Processing labelling = new Processing(Threshold.KEY, Map.of("threshold", threshold));
			String prefix = String.format(Locale.ROOT, "threshold %.1f ", threshold);
			for (long minSize : MIN_SIZES)
				candidates.put(prefix + "components min_size " + minSize,
					List.of(labelling, new Processing(Components.KEY, Map.of(Components.MIN_SIZE, minSize))));
			for (double distance : SEED_DISTANCES)
				for (double prominence : SEED_PROMINENCES)
					for (double merge : MERGE_THRESHOLDS)
						for (long minSize : MIN_SIZES)
							candidates.put(prefix + String.format(Locale.ROOT,
								"watershed seed_distance %.0f seed_prominence %.1f merge_threshold %.1f min_size %d",
								distance, prominence, merge, minSize),
								List.of(labelling,
									new Processing(Watershed.KEY,
										Map.of(Watershed.SEED_DISTANCE, distance, Watershed.SEED_PROMINENCE, prominence,
											Watershed.MERGE_THRESHOLD, merge, Components.MIN_SIZE, minSize))));
		}
		Path spool = Files.createTempDirectory("watershed-benchmark");
		Map<String, DetectionScores> pooled = new LinkedHashMap<>();
		Map<String, Double> seconds = new LinkedHashMap<>();
		for (Path truthFile : truths) {
			String name = ImageFiles.baseName(truthFile.getFileName().toString());
			PlaneSource p = ImageFiles.openLazily(probabilities.resolve(name + ".probabilities.tif"));
			PlaneSource t = ImageFiles.openLazily(truthFile);
			int width = p.sizeX();
			int height = p.sizeY();
			int depth = p.sizeZ();
			int plane = width * height;
			float[][][] planes = new float[depth][p.sizeC()][plane];
			int[] truth = new int[depth * plane];
			float[] buffer = new float[plane];
			for (int z = 0; z < depth; z++) {
				for (int c = 0; c < p.sizeC(); c++)
					p.read(c, z, 0, planes[z][c]);
				t.read(0, z, 0, buffer);
				for (int i = 0; i < plane; i++)
					truth[z * plane + i] = Math.round(buffer[i]);
			}
			// a binary mask (one value besides 0) holds its objects as connected components, as ./unet evaluate reads it
			if (java.util.Arrays.stream(truth).filter(v -> v != 0).distinct().count() == 1)
				ConnectedComponents.labelInPlace(truth, width, height, depth, Connectivity.FACE);
			long[] size = depth == 1 ? new long[]{ width, height } : new long[]{ width, height, depth };
			for (Map.Entry<String, List<Processing>> candidate : candidates.entrySet()) {
				Postprocessing chain = Postprocessing.of(candidate.getValue());
				int[] found = new int[depth * plane];
				long start = System.nanoTime();
				try (PostprocessingStep.Pass pass = chain.instances().start(width, height, p.voxelSize(), spool)) {
					for (float[][] planeProbabilities : planes)
						pass.addPlane(chain.classes().classes(planeProbabilities), planeProbabilities);
					pass.endFrame();
					pass.relabel((frame, z, values) -> System.arraycopy(values, 0, found, z * plane, plane));
				}
				seconds.merge(candidate.getKey(), (System.nanoTime() - start) / 1e9, Double::sum);
				DetectionScores scores = InstanceMetrics
					.compute(ArrayImgs.ints(truth, size), ArrayImgs.ints(found, size), 0.5).scores().get(0);
				pooled.merge(candidate.getKey(), scores, DetectionScores::plus);
			}
			System.err.println("done " + name);
		}
		System.out.println("| chain | true | found | matched | F1@0.5 | AP@0.5 | post-processing s |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|");
		List<String> best = new ArrayList<>();
		for (String method : List.of("components", "watershed")) {
			String top = null;
			for (String key : pooled.keySet())
				if (key.contains(method) && (top == null || pooled.get(key).f1() > pooled.get(top).f1())) top = key;
			best.add(top);
		}
		for (String key : pooled.keySet())
			row(key, pooled.get(key), seconds.get(key));
		System.out.println();
		System.out.println("best of each method (chosen on these images):");
		for (String key : best)
			row(key, pooled.get(key), seconds.get(key));
	}

	private static void row(String key, DetectionScores s, double seconds) {
		System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.3f | %.3f | %.2f |%n", key, s.numTrue(), s.numPred(),
			s.truePositives(), s.f1(), s.averagePrecision(), seconds);
	}

	/**
	 * {@code speed Z Y X}: seconds and Mvoxel/s of components, watershed and boundaries on a synthetic stack of
	 * touching spheres (radius 6–12 voxels, foreground 0.95, 0.5 on a 2-voxel shell around each centre's Voronoi
	 * border as boundary), each run twice (the second timed), the whole stack as one slab and in slabs of 16 planes
	 * (whose instances are matched against the whole stack's).
	 */
	private static void speed(int depth, int height, int width) throws Exception {
		java.util.Random random = new java.util.Random(1);
		int plane = width * height;
		int n = depth * plane;
		float[] foreground = new float[n];
		float[] boundary = new float[n];
		int[] nearest = new int[n];
		float[] best = new float[n];
		java.util.Arrays.fill(best, Float.MAX_VALUE);
		float[] second = best.clone();
		int spheres = Math.max(1, n / 3000);
		for (int s = 1; s <= spheres; s++) {
			int cx = random.nextInt(width);
			int cy = random.nextInt(height);
			int cz = random.nextInt(depth);
			double r = 6 + 6 * random.nextDouble();
			int reach = (int) r + 1;
			for (int z = Math.max(0, cz - reach); z < Math.min(depth, cz + reach); z++)
				for (int y = Math.max(0, cy - reach); y < Math.min(height, cy + reach); y++)
					for (int x = Math.max(0, cx - reach); x < Math.min(width, cx + reach); x++) {
						int i = x + width * (y + height * z);
						float d = (float) Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz));
						if (d > r) continue;
						foreground[i] = 0.95f;
						if (d < best[i]) {
							second[i] = best[i];
							best[i] = d;
							nearest[i] = s;
						}
						else if (d < second[i]) second[i] = d;
					}
		}
		for (int i = 0; i < n; i++)
			boundary[i] = foreground[i] == 0 || second[i] - best[i] < 2 ? 0.9f : 0.1f;
		System.out.printf(Locale.ROOT, "%d × %d × %d voxels, %d spheres%n", depth, height, width, spheres);
		System.out.println("| step | slabs | seconds | Mvoxel/s | instances | F1@0.5 against the whole stack |");
		System.out.println("|---|---|---:|---:|---:|---:|");
		int[] whole = new int[n];
		int[] found = new int[n];
		Path spool = Files.createTempDirectory("watershed-speed");
		for (String key : List.of(Components.KEY, Watershed.KEY, "boundaries"))
			for (int slabs : new int[]{ 0, 16 }) {
				if (key.equals(Components.KEY) && slabs > 0) continue;
				Postprocessing chain = Postprocessing.of(List.of(new Processing(key, Map.of())));
				PostprocessingStep.Instances stage = chain.instances();
				double seconds = 0;
				int count = 0;
				for (int run = 0; run < 2; run++) {
					long start = System.nanoTime();
					try (PostprocessingStep.Pass pass = slabs == 0 ? stage.start(width, height, spool)
						: slabbed(stage, slabs).start(width, height, spool))
					{
						for (int z = 0; z < depth; z++) {
							float[] p = java.util.Arrays.copyOfRange(key.equals("boundaries") ? boundary : foreground,
								z * plane, (z + 1) * plane);
							float[] rest = new float[plane];
							for (int i = 0; i < plane; i++)
								rest[i] = 1 - p[i];
							float[][] probabilities = { rest, p };
							pass.addPlane(chain.classes().classes(probabilities), probabilities);
						}
						pass.endFrame();
						count = pass.largestCount();
						pass.relabel((t, z, values) -> System.arraycopy(values, 0, found, z * plane, plane));
					}
					seconds = (System.nanoTime() - start) / 1e9;
				}
				String agreement = "";
				if (slabs == 0) System.arraycopy(found, 0, whole, 0, n);
				else agreement = String.format(Locale.ROOT, "%.3f",
					InstanceMetrics.compute(ArrayImgs.ints(whole, width, height, depth),
						ArrayImgs.ints(found, width, height, depth), 0.5).scores().get(0).f1());
				System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.1f | %d | %s |%n", key,
					slabs == 0 ? "whole stack" : slabs + " planes", seconds, n / seconds / 1e6, count, agreement);
			}
	}

	/** The watershed stage with slabs of this many planes (a package-private hook, reached by reflection). */
	private static PostprocessingStep.Instances slabbed(PostprocessingStep.Instances stage, int planes)
		throws ReflectiveOperationException
	{
		var method = stage.getClass().getDeclaredMethod("withSlabPlanes", int.class);
		method.setAccessible(true);
		return (PostprocessingStep.Instances) method.invoke(stage, planes);
	}
}
