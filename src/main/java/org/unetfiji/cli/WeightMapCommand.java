package org.unetfiji.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.Tensors;
import org.unetfiji.inference.Normalization;
import org.unetfiji.training.LabelKind;
import org.unetfiji.training.RoiLabels;
import org.unetfiji.training.TargetSettings;
import org.unetfiji.training.TrainingData;
import org.unetfiji.training.TrainingSample;
import org.unetfiji.training.TrainingTargets;
import org.unetfiji.training.TrainingTargets.LabelledImage;

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
		if (!Files.isRegularFile(labels)) throw new IllegalArgumentException("labels=" + labels +
			" is not a file");
		Hyperstack<?> label = ImageFiles.read(labels);
		LabelledImage image = TrainingData.read(List.of(labels), labels.toAbsolutePath().getParent(),
			Normalization.DEFAULT, false, targets.map().ignoreLabel()).get(0);
		OptionalInt ignore = targets.map().ignoreLabel();
		int classes = targets.labels() == LabelKind.CLASSES ? 1 + Arrays.stream(image.labels()).filter(v -> ignore
			.isEmpty() || v != ignore.getAsInt()).max().orElse(1) : 2;
		TrainingSample sample = TrainingTargets.build(List.of(image), targets, Math.max(2, classes)).get(0);
		long[] shape = Tensors.frameShape(label);
		shape[shape.length - 1] = 1;
		Hyperstack<?> weights = label.withData(Tensors.fromChannelsLast(sample.weights(), shape).data());
		ImageFiles.write(weights, output, labels);
		out.println("weight map written to " + output);
		return 0;
	}
}
