package org.unetfiji.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.unetfiji.evaluation.Evaluation;
import org.unetfiji.evaluation.FilePairing;

/**
 * {@code unet evaluate prediction=FILE|DIR truth=FILE|DIR [output=CSV] ...}: pairs predictions with ground truth by
 * name, prints the main metrics and writes every metric per image and overall as CSV ({@code output=} a file or a
 * folder; default {@code metrics.csv} in the working folder).
 */
final class EvaluateCommand implements CliCommand {

	@Override
	public String usage() {
		return "prediction=FILE|DIR truth=FILE|DIR [output=metrics.csv metrics=auto|semantic,foreground," +
			"instance,membrane ignore=none|VALUE threshold=0.5]   measure a segmentation against ground truth";
	}

	@Override
	public int run(Parameters parameters, PrintStream out, PrintStream err) throws Exception {
		Path prediction = parameters.path("prediction");
		Path truth = parameters.path("truth");
		Path output = Path.of(parameters.optional("output", "metrics.csv"));
		var metrics = Evaluation.Metric.parse(parameters.optional("metrics", "auto"));
		String ignoreText = parameters.optional("ignore", "none");
		OptionalLong ignore = ignoreText.equals("none") ? OptionalLong.empty() : OptionalLong.of(parameters.integer(
			"ignore", 0, Integer.MIN_VALUE, Integer.MAX_VALUE));
		double threshold = parameters.number("threshold", 0.5, 0, 0.999);
		parameters.checkAllUsed();
		Evaluation evaluation = new Evaluation(new Evaluation.Settings(metrics, ignore, threshold));
		FilePairing.Result pairing = evaluation.pair(truth, prediction);
		if (Files.isDirectory(output)) output = output.resolve("metrics.csv");

		pairing.truthWithoutPrediction().forEach(file -> out.println("not paired: truth " + file.getFileName() +
			" (no prediction with its name)"));
		pairing.predictionsWithoutTruth().forEach(file -> out.println("not paired: prediction " + file
			.getFileName() + " (no truth with its name)"));
		Evaluation.Report report = evaluation.evaluate(pairing.pairs(), (i, total, pair) -> err.printf(
			"[%d/%d] %s <-> %s%n", i + 1, total, pair.truth().getFileName(), pair.prediction().getFileName()));
		report.failures().forEach(failure -> err.println("  skipped " + failure.pair().name() + ": " + failure
			.message()));
		int evaluated = pairing.pairs().size() - report.failures().size();
		if (evaluated > 0) {
			out.print(report.summary());
			try {
				report.table().writeCsv(output);
			}
			catch (IOException e) {
				throw new IOException("cannot write " + output + " (" + e + "); choose another file with output=", e);
			}
		}
		out.printf("evaluated %d of %d pair(s); %d truth image(s) without prediction%s%n", evaluated, pairing.pairs()
			.size(), pairing.truthWithoutPrediction().size(), evaluated > 0 ? "; all metrics in " + output : "");
		return evaluated == pairing.pairs().size() && pairing.truthWithoutPrediction().isEmpty() ? 0 : 1;
	}
}
