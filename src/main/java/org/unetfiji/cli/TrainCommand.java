package org.unetfiji.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.unetfiji.engine.Engine;
import org.unetfiji.engine.Engines;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.Tensors;
import org.unetfiji.inference.MirrorPadding;
import org.unetfiji.inference.Normalization;
import org.unetfiji.network.NetworkConfig;
import org.unetfiji.training.ModelExport;
import org.unetfiji.training.Trainer;
import org.unetfiji.training.TrainingSample;
import org.unetfiji.training.TrainingSettings;

/**
 * {@code unet train images=DIR labels=DIR output=DIR ...}: trains a new U-Net on image/label pairs (same file
 * names) and writes a model package. Label value 0 is class 0, any other value class 1 (binary segmentation).
 */
final class TrainCommand implements CliCommand {

	@Override
	public String usage() {
		return "images=DIR labels=DIR output=DIR [name= depth=4 filters=16 steps=500 tile=128 batch=2 lr=0.001 " +
			"seed=1 classes=background,foreground]   train a new model";
	}

	@Override
	public int run(Parameters parameters, PrintStream out, PrintStream err) throws Exception {
		Path images = parameters.path("images");
		Path labels = parameters.path("labels");
		Path output = parameters.path("output");
		String name = parameters.optional("name", output.getFileName().toString());
		int depth = parameters.integer("depth", 4, 0, 6);
		int filters = parameters.integer("filters", 16, 1, 256);
		int steps = parameters.integer("steps", 500, 1, 10_000_000);
		String tileText = parameters.optional("tile", "128");
		int batch = parameters.integer("batch", 2, 1, 1024);
		float lr = (float) parameters.number("lr", 1e-3, 1e-7, 0.5);
		long seed = parameters.integer("seed", 1, 0, Integer.MAX_VALUE);
		List<String> classNames = List.of(parameters.optional("classes", "background,foreground").split(","));
		parameters.checkAllUsed();
		if (classNames.size() != 2) throw new IllegalArgumentException(
			"classes= needs two names (binary labels: 0 and non-zero), got " + classNames);
		if (Files.exists(output)) throw new IllegalArgumentException("output=" + output +
			" exists; choose a new folder for the model");

		Normalization normalization = Normalization.DEFAULT;
		List<TrainingSample> samples = new ArrayList<>();
		Hyperstack<?> first = null;
		for (Path imageFile : SegmentCommand.inputFiles(images)) {
			Path labelFile = labels.resolve(imageFile.getFileName());
			if (!Files.isRegularFile(labelFile)) throw new IllegalArgumentException("no label image " + labelFile +
				" for " + imageFile.getFileName());
			Hyperstack<?> image = ImageFiles.read(imageFile);
			Hyperstack<?> label = ImageFiles.read(labelFile);
			if (first == null) first = image;
			samples.add(sample(imageFile.getFileName().toString(), image, label, normalization, first));
		}
		int dims = first.is3D() ? 3 : 2;
		NetworkConfig config = NetworkConfig.isotropic(dims, (int) first.sizeC(), 2, depth, filters, false);
		long[] tile = tile(tileText, dims);
		config.checkInputSize(tile);
		TrainingSettings settings = new TrainingSettings(tile, batch, steps, lr, seed);
		Trainer trainer = new Trainer(samples, 2, settings);
		Engine engine = Engines.tensorFlow();
		out.println("training " + config + " on " + samples.size() + " image(s), " + steps + " steps of " + batch +
			" tile(s) " + Arrays.toString(tile));
		long start = System.nanoTime();
		try (Network network = engine.create(config, seed)) {
			int every = Math.max(1, steps / 20);
			List<Float> losses = trainer.train(network, (step, total, loss) -> {
				if (step % every == 0 || step == total) err.printf("step %d/%d  loss %.4f  (%.0f s)%n", step, total, loss,
					(System.nanoTime() - start) / 1e9);
			}, () -> Thread.currentThread().isInterrupted());
			double seconds = (System.nanoTime() - start) / 1e9;
			double[] voxel = first.voxelSize();
			double[] elementSize = dims == 3 ? new double[] { voxel[2], voxel[1], voxel[0] } : new double[] { voxel[1],
				voxel[0] };
			FloatTensor test = testInput(samples.get(0), tile);
			ModelExport.write(output, network, normalization, new ModelExport.Description(name,
				"U-Net trained with U-Net for Fiji on " + samples.size() + " image(s) from " + images, classNames,
				elementSize, ModelExport.trainingRecord(settings, trainer.classWeights(), losses, samples.stream().map(
					TrainingSample::name).toList(), seconds)), test, engine.name());
			out.printf("trained in %.0f s (final loss %.4f); model written to %s%n", seconds, losses.get(losses.size() -
				1), output);
		}
		return 0;
	}

	private static TrainingSample sample(String name, Hyperstack<?> image, Hyperstack<?> label,
		Normalization normalization, Hyperstack<?> first)
	{
		if (image.sizeX() != label.sizeX() || image.sizeY() != label.sizeY() || image.sizeZ() != label.sizeZ())
			throw new IllegalArgumentException(name + ": image and label sizes differ");
		if (image.sizeC() != first.sizeC() || image.is3D() != first.is3D()) throw new IllegalArgumentException(name +
			": all images need the same dimensionality and channels as " + first.name());
		float[] pixels = Tensors.toChannelsLast(image.frame(0));
		float[] labelValues = Tensors.toChannelsLast(label.frame(0));
		int[] classes = new int[labelValues.length / (int) label.sizeC()];
		for (int i = 0; i < classes.length; i++)
			classes[i] = labelValues[i * (int) label.sizeC()] > 0 ? 1 : 0;
		return new TrainingSample(name, normalization.apply(new FloatTensor(pixels, Tensors.frameShape(image))), classes);
	}

	private static long[] tile(String text, int dims) {
		String[] parts = text.split(",");
		if (parts.length != 1 && parts.length != dims) throw new IllegalArgumentException("tile=" + text +
			" needs one size or " + dims + " sizes (z,y,x)");
		long[] tile = new long[dims];
		for (int a = 0; a < dims; a++)
			try {
				tile[a] = Long.parseLong(parts[parts.length == 1 ? 0 : a].trim());
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("tile=" + text + " is not a list of whole numbers");
			}
		return tile;
	}

	/** The first tile of the first training image, as a batch of one. */
	private static FloatTensor testInput(TrainingSample sample, long[] tile) {
		FloatTensor crop = MirrorPadding.pad(sample.image(), new long[tile.length], tile);
		long[] shape = new long[tile.length + 2];
		shape[0] = 1;
		System.arraycopy(crop.shape(), 0, shape, 1, tile.length + 1);
		return new FloatTensor(crop.data(), shape);
	}
}
