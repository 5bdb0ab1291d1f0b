package org.unetfiji.cli;

import java.io.PrintStream;
import java.nio.file.Path;

import org.unetfiji.api.WeightMapListener;
import org.unetfiji.api.WeightMapRequest;
import org.unetfiji.api.WeightMapTask;
import org.unetfiji.training.RoiLabels;
import org.unetfiji.training.TargetSettings;
import org.unetfiji.api.Parameters;

/**
 * {@code unet weightmap labels=FILE output=FILE ...}: writes the loss weight map that training would use for a
 * label image, as a 32-bit TIFF with the label image's calibration, so users can see what the loss emphasises.
 */
final class WeightMapCommand implements CliCommand {

	@Override
	public String usage() {
		return "labels=FILE output=FILE [" + TargetParameters.USAGE + "]   write the loss weight map of a label image";
	}

	@Override
	public int run(Parameters parameters, PrintStream out, PrintStream err) throws Exception {
		Path labels = parameters.path("labels");
		Path output = parameters.path("output");
		TargetSettings targets = TargetParameters.parse(parameters, RoiLabels.Content.NONE);
		parameters.checkAllUsed();
		WeightMapTask.run(WeightMapRequest.of(labels, output, targets), new WeightMapListener() {

			@Override
			public void written(Path file) {
				out.println("weight map written to " + file);
			}
		}, () -> false);
		return 0;
	}
}
