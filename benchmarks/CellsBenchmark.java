import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.inference.postprocessing.Boundaries;
import org.unetfiji.inference.postprocessing.Components;
import org.unetfiji.inference.postprocessing.Postprocessing;
import org.unetfiji.inference.postprocessing.PostprocessingStep;
import org.unetfiji.inference.postprocessing.Watershed;
import org.unetfiji.metrics.DetectionScores;
import org.unetfiji.metrics.InstanceMetrics;
import org.unetfiji.metrics.PartitionMetrics;
import org.unetfiji.model.Processing;

import net.imglib2.img.array.ArrayImgs;

/**
 * The {@code boundaries} partition of a dense-cell model's boundary map on a grid of its parameters (boundary
 * threshold of the seeds, seed distance, per-slice seeds, agglomeration threshold, smallest cell): reads
 * {@code NAME.probabilities.tif} written by {@code ./unet segment} and the dense truth {@code NAME.*}, prints per chain
 * F1 and AP at IoU 0.5 (pooled) and the adapted Rand error and VI (mean over images), as {@code ./unet evaluate
 * metrics=dense,instance} measures them, then the best chain by F1 and by adapted Rand error. Validation images only:
 * choosing the best of a grid is tuning. See CELLS-3D.md.
 *
 * <pre>
 * java -cp "target/cli/unet-fiji.jar:target/cli/lib/*" benchmarks/CellsBenchmark.java PROBABILITIES_DIR TRUTH_DIR
 * </pre>
 */
public class CellsBenchmark {

	private static final double[] BOUNDARY_THRESHOLDS = { 0.3, 0.5, 0.7 };
	private static final double[] SEED_DISTANCES = { 2, 4, 6, 8, 12 };
	private static final boolean[] PER_SLICE = { false, true };
	private static final double[] MERGE_THRESHOLDS = { 0.3, 0.4, 0.5, 0.6, 0.7 };
	private static final long[] MIN_SIZES = { 0, 500 };

	/** Scores of one chain: pooled detections, summed partition scores. */
	private record Scores(DetectionScores detections, double randError, double vi, int images) {
		Scores plus(Scores other) {
			return new Scores(detections.plus(other.detections), randError + other.randError, vi + other.vi,
				images + other.images);
		}
	}

	public static void main(String[] args) throws Exception {
		Path probabilities = Path.of(args[0]);
		List<Path> truths = ImageFiles.imagesIn(Path.of(args[1]));
		Map<String, List<Processing>> candidates = new LinkedHashMap<>();
		for (double threshold : BOUNDARY_THRESHOLDS)
			for (double distance : SEED_DISTANCES)
				for (boolean perSlice : PER_SLICE)
					for (double merge : MERGE_THRESHOLDS)
						for (long minSize : MIN_SIZES)
							candidates.put(String.format(Locale.ROOT,
								"boundary_threshold %.1f seed_distance %.0f per_slice %s merge_threshold %.1f min_size %d",
								threshold, distance, perSlice, merge, minSize),
								List.of(new Processing(Boundaries.KEY,
									Map.of(Boundaries.BOUNDARY_THRESHOLD, threshold, Watershed.SEED_DISTANCE, distance,
										Boundaries.PER_SLICE, perSlice, Watershed.MERGE_THRESHOLD, merge,
										Components.MIN_SIZE, minSize))));
		Path spool = Files.createTempDirectory("cells-benchmark");
		Map<String, Scores> pooled = new LinkedHashMap<>();
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
			long[] size = depth == 1 ? new long[]{ width, height } : new long[]{ width, height, depth };
			for (Map.Entry<String, List<Processing>> candidate : candidates.entrySet()) {
				Postprocessing chain = Postprocessing.of(candidate.getValue());
				int[] found = new int[depth * plane];
				try (PostprocessingStep.Pass pass = chain.instances().start(width, height, p.voxelSize(), spool)) {
					for (float[][] planeProbabilities : planes)
						pass.addPlane(chain.classes().classes(planeProbabilities), planeProbabilities);
					pass.endFrame();
					pass.relabel((frame, z, values) -> System.arraycopy(values, 0, found, z * plane, plane));
				}
				DetectionScores detections = InstanceMetrics
					.compute(ArrayImgs.ints(truth, size), ArrayImgs.ints(found, size), 0.5).scores().get(0);
				PartitionMetrics partition = PartitionMetrics.compute(ArrayImgs.ints(truth, size),
					ArrayImgs.ints(found, size));
				pooled.merge(candidate.getKey(),
					new Scores(detections, partition.adaptedRandError(), partition.variationOfInformation(), 1),
					Scores::plus);
			}
			System.err.println("done " + name);
		}
		System.out.println("| chain | true | found | matched | F1@0.5 | AP@0.5 | adapted Rand error | VI (bits) |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
		String byF1 = null;
		String byRand = null;
		for (String key : pooled.keySet()) {
			Scores s = pooled.get(key);
			row(key, s);
			if (byF1 == null || s.detections().f1() > pooled.get(byF1).detections().f1()) byF1 = key;
			if (byRand == null || s.randError() < pooled.get(byRand).randError()) byRand = key;
		}
		System.out.println();
		System.out.println("best F1@0.5, best adapted Rand error (chosen on these images):");
		for (String key : new ArrayList<>(List.of(byF1, byRand)))
			row(key, pooled.get(key));
	}

	private static void row(String key, Scores s) {
		DetectionScores d = s.detections();
		System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.3f | %.3f | %.3f | %.3f |%n", key, d.numTrue(),
			d.numPred(), d.truePositives(), d.f1(), d.averagePrecision(), s.randError() / s.images(),
			s.vi() / s.images());
	}
}
