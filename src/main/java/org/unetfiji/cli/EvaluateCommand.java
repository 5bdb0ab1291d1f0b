package org.unetfiji.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.unetfiji.api.EvaluateListener;
import org.unetfiji.api.EvaluateRequest;
import org.unetfiji.api.EvaluateTask;
import org.unetfiji.evaluation.Evaluation;
import org.unetfiji.evaluation.FilePairing;
import org.unetfiji.api.Parameters;

/**
 * {@code unet evaluate prediction=FILE|DIR truth=FILE|DIR [output=CSV] ...}: pairs predictions with ground truth by
 * name, prints the main metrics and writes every metric per image and overall as CSV ({@code output=} a file or a
 * folder; default {@code metrics.csv} in the working folder).
 */
final class EvaluateCommand implements CliCommand {

	@Override
	public String usage() {
		return "prediction=FILE|DIR truth=FILE|DIR [output=metrics.csv metrics=auto|semantic,foreground," +
			"instance,membrane,dense ignore=none|VALUE threshold=0.5]   measure a segmentation against ground truth";
	}

	@Override
	public int run(Parameters parameters, PrintStream out, PrintStream err) throws Exception {
		Path prediction = parameters.path("prediction");
		Path truth = parameters.path("truth");
		Path output = Path.of(parameters.optional("output", EvaluateRequest.CSV_NAME));
		var metrics = Evaluation.Metric.parse(parameters.optional("metrics", "auto"));
		String ignoreText = parameters.optional("ignore", "none");
		OptionalLong ignore = ignoreText.equals("none") ? OptionalLong.empty()
			: OptionalLong.of(parameters.integer("ignore", 0, Integer.MIN_VALUE, Integer.MAX_VALUE));
		double threshold = parameters.number("threshold", EvaluateRequest.DEFAULTS.threshold(), 0, 0.999);
		parameters.checkAllUsed();
		EvaluateRequest request = new EvaluateRequest(FilePairing.Side.of(prediction), FilePairing.Side.of(truth),
			output, new Evaluation.Settings(metrics, ignore, threshold));
		EvaluateTask.Result result = EvaluateTask.run(request, new EvaluateListener() {

			@Override
			public void paired(FilePairing.Result pairing) {
				pairing.truthWithoutPrediction().forEach(
					image -> out.println("not paired: truth " + image.fileName() + " (no prediction with its name)"));
				pairing.predictionsWithoutTruth().forEach(
					image -> out.println("not paired: prediction " + image.fileName() + " (no truth with its name)"));
			}

			@Override
			public void evaluating(int index, int total, FilePairing.Pair pair) {
				err.printf("[%d/%d] %s <-> %s%n", index + 1, total, pair.truth().fileName(),
					pair.prediction().fileName());
			}

			@Override
			public void evaluated(Evaluation.Report report, int count) {
				report.failures()
					.forEach(failure -> err.println("  skipped " + failure.pair().name() + ": " + failure.message()));
				if (count > 0) out.print(report.summary());
			}
		}, () -> false);
		FilePairing.Result pairing = result.pairing();
		int evaluated = result.evaluated();
		out.printf("evaluated %d of %d pair(s); %d truth image(s) without prediction%s%n", evaluated,
			pairing.pairs().size(), pairing.truthWithoutPrediction().size(),
			evaluated > 0 ? "; all metrics in " + result.csv() : "");
		return evaluated == pairing.pairs().size() && pairing.truthWithoutPrediction().isEmpty() ? 0 : 1;
	}
}
