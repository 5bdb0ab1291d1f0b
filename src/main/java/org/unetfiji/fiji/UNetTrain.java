package org.unetfiji.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.unetfiji.api.TrainRequest;

/**
 * Trains a new U-Net on image/label pairs, exactly as {@code ./unet train}, and writes the model package to a new
 * folder.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>U-Net>U-Net Train",
	description = "Train a new U-Net model on image/label pairs")
public class UNetTrain extends UNetTrainingCommand {

	@Parameter(label = "Depth", description = "number of poolings", min = "0", max = "6", persist = false)
	private int depth = 4;

	@Parameter(label = "Filters", description = "filters of the first level", min = "1", max = "256", persist = false)
	private int filters = 16;

	@Override
	protected void chooseNetwork(TrainRequest.Builder request) {
		request.network(depth, filters);
	}
}
