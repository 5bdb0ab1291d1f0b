package org.unetfiji.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.unetfiji.image.ops.ConnectedComponents;
import org.unetfiji.image.ops.Connectivity;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

/**
 * ISBI 2012 EM membrane segmentation metrics of a binary map (non-zero = cell interior, 0 = membrane, as in the ISBI
 * labels with 255/0); threshold probability maps before.
 * <p>
 * <b>Pixel error</b> is the fraction of pixels whose binary value differs (1 − pixel accuracy).
 * <p>
 * <b>Foreground-restricted Rand score</b> V<sup>Rand</sup> (Arganda-Carreras et al. 2015, Front. Neuroanat. 9:142,
 * as in Fiji's ISBI evaluation script): truth segments T<sub>j</sub> and proposed segments S<sub>i</sub> are the
 * connected components of the cell interior of each map. Only the n pixels inside truth segments are used. Let
 * c<sub>ij</sub> be the number of those pixels in S<sub>i</sub> and T<sub>j</sub>, s<sub>i</sub> = Σ<sub>j</sub>
 * c<sub>ij</sub>, t<sub>j</sub> = |T<sub>j</sub>|, and let each of the c<sub>0</sub> pixels predicted as membrane
 * be a segment of its own (singleton). With P = Σ c<sub>ij</sub>² + c<sub>0</sub>, S = Σ s<sub>i</sub>² +
 * c<sub>0</sub> and T = Σ t<sub>j</sub>²:
 * V<sup>Rand</sup><sub>split</sub> = P / T, V<sup>Rand</sup><sub>merge</sub> = P / S and
 * V<sup>Rand</sup> = 2P / (S + T), their harmonic mean. Rand error = 1 − V<sup>Rand</sup>. The ISBI ranking takes
 * the best V<sup>Rand</sup> over thresholds of the probability map, after thinning the predicted membranes; neither
 * is done here. When the truth has no cell pixel, the scores are 1 (nothing can be wrong on an empty region).
 *
 * @param pixelError fraction of pixels with a wrong binary value
 * @param randSplit V<sup>Rand</sup><sub>split</sub>, low when truth segments are split
 * @param randMerge V<sup>Rand</sup><sub>merge</sub>, low when truth segments are merged
 * @param randScore V<sup>Rand</sup>, the foreground-restricted Rand F-score
 */
public record MembraneMetrics(double pixelError, double randSplit, double randMerge, double randScore) {

	/** Evaluates with 4-connected (6 in 3D) cell components, as the ISBI evaluation. */
	public static MembraneMetrics compute(RandomAccessibleInterval<? extends IntegerType<?>> truth,
		RandomAccessibleInterval<? extends IntegerType<?>> prediction)
	{
		return compute(truth, prediction, Connectivity.FACE);
	}

	/** Evaluates with the given connectivity of the cell components. */
	public static MembraneMetrics compute(RandomAccessibleInterval<? extends IntegerType<?>> truth,
		RandomAccessibleInterval<? extends IntegerType<?>> prediction, Connectivity connectivity)
	{
		LabelImages.requireSameSize(truth, prediction);
		long wrong = 0;
		Cursor<? extends IntegerType<?>> t = Views.flatIterable(truth).cursor();
		Cursor<? extends IntegerType<?>> p = Views.flatIterable(prediction).cursor();
		while (t.hasNext())
			if ((t.next().getIntegerLong() != 0) != (p.next().getIntegerLong() != 0)) wrong++;
		double pixelError = wrong / (double) truth.size();

		OverlapTable table = OverlapTable.compute(ConnectedComponents.labelForeground(truth, connectivity),
			ConnectedComponents.labelForeground(prediction, connectivity));
		double sumT = 0, n = 0;
		for (int j = 0; j < table.numTrue(); j++) {
			sumT += square(table.trueArea(j));
			n += table.trueArea(j);
		}
		if (n == 0) return new MembraneMetrics(pixelError, 1, 1, 1);
		double[] s = new double[table.numPred()];
		double sumP = 0, inPredicted = 0;
		for (int k = 0; k < table.numOverlaps(); k++) {
			sumP += square(table.overlapCount(k));
			s[table.overlapPred(k)] += table.overlapCount(k);
			inPredicted += table.overlapCount(k);
		}
		double sumS = 0;
		for (double si : s)
			sumS += si * si;
		double singletons = n - inPredicted;
		sumP += singletons;
		sumS += singletons;
		return new MembraneMetrics(pixelError, sumP / sumT, sumP / sumS, 2 * sumP / (sumS + sumT));
	}

	/** 1 − V<sup>Rand</sup>. */
	public double randError() {
		return 1 - randScore;
	}

	/** Named values for a {@link MetricsTable}: {@code pixel_error, rand_error, rand_score, rand_split, rand_merge}. */
	public Map<String, Double> metrics() {
		Map<String, Double> m = new LinkedHashMap<>();
		m.put("pixel_error", pixelError);
		m.put("rand_error", randError());
		m.put("rand_score", randScore);
		m.put("rand_split", randSplit);
		m.put("rand_merge", randMerge);
		return m;
	}

	private static double square(double x) {
		return x * x;
	}
}
