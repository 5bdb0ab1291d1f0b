package org.unetfiji.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.unetfiji.evaluation.Evaluation;
import org.unetfiji.evaluation.FilePairing;

/**
 * Evaluates a segmentation against ground truth, pair by pair (the work of {@code ./unet evaluate} and U-Net
 * Evaluate). Pairs that cannot be read or compared are skipped and listed in the result; the CSV is written when at
 * least one pair was evaluated.
 */
public final class EvaluateTask {

	/**
	 * @param pairing the pairs and the images left without partner
	 * @param report the metrics per evaluated pair and overall, and the pairs skipped
	 * @param csv the CSV written; {@code null} when none was asked for or nothing was evaluated
	 */
	public record Result(FilePairing.Result pairing, Evaluation.Report report, Path csv) {

		/** The number of pairs evaluated. */
		public int evaluated() {
			return pairing.pairs().size() - report.failures().size();
		}
	}

	private EvaluateTask() {}

	/**
	 * @throws IllegalArgumentException when a path does not exist, a folder holds no image or nothing pairs
	 * @throws IOException when the CSV cannot be written
	 * @throws CancellationException when cancelled between pairs
	 */
	public static Result run(EvaluateRequest request, EvaluateListener listener, BooleanSupplier cancelled)
		throws Exception
	{
		Result[] result = new Result[1];
		Cancellation.during(cancelled, () -> result[0] = evaluate(request, listener));
		return result[0];
	}

	private static Result evaluate(EvaluateRequest request, EvaluateListener listener) throws IOException {
		Evaluation evaluation = new Evaluation(request.settings());
		FilePairing.Result pairing = evaluation.pair(request.truth(), request.prediction());
		listener.paired(pairing);
		Evaluation.Report report = evaluation.evaluate(pairing.pairs(), (i, total, pair) -> {
			if (Cancellation.requested()) throw new CancellationException("cancelled before " + pair.name());
			listener.evaluating(i, total, pair);
		});
		int evaluated = pairing.pairs().size() - report.failures().size();
		listener.evaluated(report, evaluated);
		Path csv = request.output();
		if (csv == null || evaluated == 0) return new Result(pairing, report, null);
		if (Files.isDirectory(csv)) csv = csv.resolve(EvaluateRequest.CSV_NAME);
		try {
			report.table().writeCsv(csv);
		}
		catch (IOException e) {
			throw new IOException("cannot write " + csv + " (" + e + "); choose another file with output=", e);
		}
		return new Result(pairing, report, csv);
	}
}
