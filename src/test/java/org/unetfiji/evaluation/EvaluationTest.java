package org.unetfiji.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.evaluation.Evaluation.Metric;
import org.unetfiji.image.ops.ConnectedComponents;
import org.unetfiji.image.ops.Connectivity;
import org.unetfiji.metrics.TestImages;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;

/** Evaluation of real label files of ../shared/data against themselves and against copies with a known defect. */
class EvaluationTest {

	private static final Path DATA = Path.of("../shared/data");
	private static final Path EM_LABELS = DATA.resolve("isbi2012-em-membranes/test/labels");

	@TempDir
	Path dir;

	private static Img<IntType> open(String relativePath) {
		assumeTrue(Files.exists(DATA.resolve(relativePath)), "shared data not available");
		return TestImages.openShared(relativePath);
	}

	private static Evaluation.Report evaluate(Path truth, Path prediction, Set<Metric> metrics, OptionalLong ignore)
		throws IOException
	{
		Evaluation evaluation = new Evaluation(new Evaluation.Settings(metrics, ignore, 0.5));
		FilePairing.Result pairing = evaluation.pair(truth, prediction);
		List<String> seen = new ArrayList<>();
		Evaluation.Report report = evaluation.evaluate(pairing.pairs(), (i, total, pair) -> seen.add(pair.name()));
		assertEquals(pairing.pairs().stream().map(FilePairing.Pair::name).toList(), seen);
		return report;
	}

	private static Map<String, Double> overall(Evaluation.Report report) {
		String[] lines = report.table().toCsv().split("\n");
		String[] header = lines[0].split(",");
		String[] last = lines[lines.length - 1].split(",");
		assertEquals("overall", last[0]);
		Map<String, Double> values = new LinkedHashMap<>();
		for (int c = 1; c < header.length; c++)
			values.put(header[c], Double.valueOf(last[c]));
		return values;
	}

	@Test
	void automaticMetricsPairAClassMaskWithTheClassMapAndObjectsWithTheInstances() throws IOException {
		assumeTrue(Files.isDirectory(EM_LABELS), "shared data not available");
		Path em = Files.createDirectories(dir.resolve("em"));
		Img<IntType> membranes = open("isbi2012-em-membranes/test/labels/020.png");
		TestImages.writeTiff(membranes, em.resolve("020.labels.tif"));
		TestImages.writeTiff(ConnectedComponents.label(membranes, Connectivity.FULL), em.resolve("020.instances.tif"));
		Evaluation.Report pixels = evaluate(EM_LABELS.resolve("020.png"), em, EnumSet.noneOf(Metric.class),
			OptionalLong.empty());
		assertEquals(1, overall(pixels).get("pixel_accuracy"));
	}

	@Test
	void emTruthAgainstItselfIsPerfect() throws IOException {
		assumeTrue(Files.isDirectory(EM_LABELS), "shared data not available");
		Evaluation.Report report = evaluate(EM_LABELS, EM_LABELS, EnumSet.noneOf(Metric.class), OptionalLong.empty());
		assertTrue(report.failures().isEmpty());
		Map<String, Double> overall = overall(report);
		assertEquals(1, overall.get("pixel_accuracy"));
		assertEquals(1, overall.get("iou_1"));
		assertEquals(0, overall.get("pixel_error"));
		assertEquals(0, overall.get("rand_error"));
		assertTrue(report.summary().contains("rand_error"), report.summary());
	}

	@Test
	void invertingHalfOfEachEmSectionGivesPixelErrorOneHalf() throws IOException {
		// prediction = truth (0/255 mask) as classes 0/1, with the top half of the rows inverted
		Path prediction = Files.createDirectories(dir.resolve("prediction"));
		for (String name : List.of("020", "021")) {
			Img<IntType> labels = open("isbi2012-em-membranes/test/labels/" + name + ".png");
			long height = labels.dimension(1);
			RandomAccess<IntType> access = labels.randomAccess();
			for (int y = 0; y < height; y++)
				for (int x = 0; x < labels.dimension(0); x++) {
					IntType value = access.setPositionAndGet(x, y);
					value.set((value.get() != 0) == (y < height / 2) ? 0 : 1);
				}
			TestImages.writeTiff(labels, prediction.resolve(name + ".labels.tif"));
		}
		Evaluation.Report report = evaluate(EM_LABELS, prediction, EnumSet.noneOf(Metric.class), OptionalLong.empty());
		Map<String, Double> overall = overall(report);
		assertEquals(0.5, overall.get("pixel_error"));
		assertEquals(0.5, overall.get("pixel_accuracy"));
		double randError = overall.get("rand_error");
		assertTrue(randError > 0.1 && randError < 1, "rand error " + randError);
	}

	@Test
	void removingEveryOddNucleusHalvesRecallAndIgnoringThemRestoresIt() throws IOException {
		Img<IntType> truth = open("dsb2018-stardist-nuclei-2d/test/labels/001.tif");
		Img<IntType> prediction = truth.copy();
		Img<IntType> truthIgnoringOdd = truth.copy();
		int ignore = 65535;
		Set<Integer> evenIds = new HashSet<>();
		var t = truthIgnoringOdd.cursor();
		for (IntType p : prediction) {
			IntType value = t.next();
			if (p.get() % 2 == 1) {
				p.setZero();
				value.set(ignore);
			}
			else if (p.get() != 0) evenIds.add(p.get());
		}
		int even = evenIds.size();
		int all = TestImages.countLabels(truth);
		assertTrue(even > 10 && even < all, even + " of " + all);
		Path truthFile = TestImages.writeTiff(truth, Files.createDirectories(dir.resolve("truth")).resolve("n.tif"));
		Path predictionFile = TestImages.writeTiff(prediction,
			Files.createDirectories(dir.resolve("pred")).resolve("n.instances.tif"));

		// automatic metrics for instance ids: foreground pixels and objects
		Map<String, Double> removed = overall(
			evaluate(truthFile, predictionFile, EnumSet.noneOf(Metric.class), OptionalLong.empty()));
		assertEquals(all, removed.get("n_true"));
		assertEquals(even, removed.get("n_pred"));
		assertEquals(even, removed.get("tp"));
		assertEquals(1, removed.get("precision"));
		assertEquals(even / (double) all, removed.get("recall"), 1e-12);
		assertEquals(even / (double) all, removed.get("mean_ap"), 1e-12);
		assertEquals(1, removed.get("mean_matched_iou"));
		assertEquals(1, removed.get("accuracy_0")); // no false foreground pixel
		assertTrue(removed.get("iou_1") < 1);

		Path ignoring = TestImages.writeTiff(truthIgnoringOdd, dir.resolve("truth").resolve("ignoring.tif"));
		Map<String, Double> ignored = overall(evaluate(ignoring, predictionFile,
			EnumSet.of(Metric.FOREGROUND, Metric.INSTANCE), OptionalLong.of(ignore)));
		assertEquals(even, ignored.get("n_true"));
		assertEquals(1, ignored.get("mean_ap"));
		assertEquals(1, ignored.get("pixel_accuracy"));
	}

	@Test
	void binaryPredictionObjectsAreConnectedComponents3D() throws IOException {
		Img<IntType> truth = open("gonuclear-ovule-nuclei-3d/test/labels/1136.tif");
		Img<IntType> mask = truth.copy();
		for (IntType v : mask)
			v.set(v.get() != 0 ? 1 : 0);
		Path truthFile = TestImages.writeTiff(truth, dir.resolve("1136.tif"));
		Path maskFile = TestImages.writeTiff(mask,
			Files.createDirectories(dir.resolve("p")).resolve("1136.labels.tif"));
		Map<String, Double> values = overall(
			evaluate(truthFile, maskFile, EnumSet.noneOf(Metric.class), OptionalLong.empty()));
		// the mask's objects are the face-connected components of the truth's foreground
		assertEquals(TestImages.countLabels(ConnectedComponents.labelForeground(truth, Connectivity.FACE)),
			values.get("n_pred"));
		assertEquals(TestImages.countLabels(truth), values.get("n_true"));
		assertEquals(1, values.get("pixel_accuracy"));
		assertEquals(0, values.get("splits"));
	}

	@Test
	void denseCellsGetPartitionMetricsAndAMergeShowsOnlyInTheMergeParts() throws IOException {
		Img<IntType> truth = open("ovules-cells-3d/test/labels/001.tif");
		Img<IntType> merged = truth.copy();
		int first = merged.firstElement().get();
		int other = -1;
		for (IntType v : merged)
			if (v.get() != first && v.get() > 1) {
				other = v.get();
				break;
			}
		for (IntType v : merged)
			if (v.get() == other) v.set(first);
		Path truthFile = TestImages.writeTiff(truth, dir.resolve("001.tif"));
		Path predictions = Files.createDirectories(dir.resolve("p"));
		Path same = TestImages.writeTiff(truth, Files.createDirectories(dir.resolve("same")).resolve("001.tif"));
		Map<String, Double> perfect = overall(
			evaluate(truthFile, same.getParent(), EnumSet.noneOf(Metric.class), OptionalLong.empty()));
		assertEquals(0, perfect.get("adapted_rand_error"), 1e-12);
		assertEquals(0, perfect.get("vi"), 1e-12);
		TestImages.writeTiff(merged, predictions.resolve("001.instances.tif"));
		Map<String, Double> values = overall(
			evaluate(truthFile, predictions, EnumSet.noneOf(Metric.class), OptionalLong.empty()));
		assertTrue(values.get("adapted_rand_error") > 1e-5, values.toString());
		assertEquals(1, values.get("rand_split_score"), 1e-12);
		assertEquals(0, values.get("vi_split"), 1e-12);
		assertTrue(values.get("vi_merge") > 1e-4, values.toString());
	}

	@Test
	void unreadablePairsAreReportedAndSkipped() throws IOException {
		Path prediction = Files.createDirectories(dir.resolve("prediction"));
		float[] probabilities = new float[512 * 512];
		Arrays.fill(probabilities, 0.25f);
		IJ.saveAsTiff(new ImagePlus("p", new FloatProcessor(512, 512, probabilities)),
			prediction.resolve("020.tif").toString());
		TestImages.writeTiff(TestImages.zeros(8, 8), prediction.resolve("021.labels.tif"));
		Files.copy(EM_LABELS.resolve("022.png"), prediction.resolve("022.png"));
		Evaluation.Report report = evaluate(EM_LABELS, prediction, EnumSet.of(Metric.SEMANTIC), OptionalLong.empty());
		assertEquals(2, report.failures().size());
		assertTrue(report.failures().get(0).message().contains("holds the value 0.25, not a label"),
			report.failures().get(0).message());
		assertTrue(report.failures().get(1).message().contains("is 512×512 px but prediction 021.labels.tif is 8×8 px"),
			report.failures().get(1).message());
		assertEquals(1, overall(report).get("pixel_accuracy"));
	}
}
