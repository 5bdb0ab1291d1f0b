package org.unetfiji.api;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.Tensors;
import org.unetfiji.training.LabelKind;
import org.unetfiji.training.TargetSettings;
import org.unetfiji.training.TrainingSample;
import org.unetfiji.training.TrainingTargets;
import org.unetfiji.training.TrainingTargets.LabelledImage;

import net.imglib2.type.numeric.real.FloatType;

/**
 * The loss weight map that training would use for a label image (the work of {@code ./unet weightmap} and U-Net
 * Weight Map), so users can see what the loss emphasises: one 32-bit channel with the label image's calibration and
 * name.
 */
public final class WeightMapTask {

	private WeightMapTask() {}

	/**
	 * @return the weight map, also written to the request's output when it has one
	 * @throws java.nio.file.FileAlreadyExistsException when the output is the label file itself
	 */
	public static Hyperstack<FloatType> run(WeightMapRequest request, WeightMapListener listener,
		BooleanSupplier cancelled) throws Exception
	{
		@SuppressWarnings("unchecked")
		Hyperstack<FloatType>[] weights = new Hyperstack[1];
		Cancellation.during(cancelled, () -> {
			Hyperstack<?> label = request.labelImage() != null ? request.labelImage()
				: ImageFiles.read(request.labelFile());
			listener.status("weight map of " + label.name());
			weights[0] = weightMap(label, request.targets());
			if (request.output() == null) return;
			if (request.labelFile() != null) ImageFiles.write(weights[0], request.output(), request.labelFile());
			else ImageFiles.write(weights[0], request.output());
			listener.written(request.output());
		});
		return weights[0];
	}

	private static Hyperstack<FloatType> weightMap(Hyperstack<?> label, TargetSettings targets) {
		float[] values = Tensors.toChannelsLast(label.frame(0));
		int channels = (int) label.sizeC();
		int[] labels = new int[values.length / channels];
		for (int i = 0; i < labels.length; i++)
			labels[i] = Math.round(values[i * channels]);
		double[] v = label.voxelSize();
		double[] voxel = label.is3D() ? new double[]{ v[2], v[1], v[0] } : new double[]{ v[1], v[0] };
		LabelledImage image = new LabelledImage(label.name(), new FloatTensor(values, Tensors.frameShape(label)),
			labels, voxel);
		OptionalInt ignore = targets.map().ignoreLabel();
		int classes = targets.labels() == LabelKind.CLASSES
			? 1 + Arrays.stream(labels).filter(l -> ignore.isEmpty() || l != ignore.getAsInt()).max().orElse(1) : 2;
		TrainingSample sample = TrainingTargets.build(List.of(image), targets, Math.max(2, classes)).get(0);
		long[] shape = Tensors.frameShape(label);
		shape[shape.length - 1] = 1;
		return label.withData(Tensors.fromChannelsLast(sample.weights(), shape).data());
	}
}
