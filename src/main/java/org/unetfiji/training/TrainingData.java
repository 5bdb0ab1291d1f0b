package org.unetfiji.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.Tensors;
import org.unetfiji.image.ops.PercentileNormalizer;
import org.unetfiji.training.TrainingTargets.LabelledImage;

/**
 * Reads annotated images (image and label files paired by name, or pairs in memory) and splits off validation
 * images.
 */
public final class TrainingData {

	/** Training and held-back validation images. */
	public record Split(List<LabelledImage> training, List<LabelledImage> validation) {}

	private TrainingData() {}

	/**
	 * An image and its label image in memory, e.g. an open image and its open label image.
	 *
	 * @param name the name the model's training record gives the image
	 */
	public record Pair(String name, Hyperstack<?> image, Hyperstack<?> labels) {}

	/**
	 * Reads each image with its labels from {@code labelFolder}: the first frame, normalised; the labels from the
	 * first channel of the label image of the same name, or painted from the ROI set {@code NAME.zip} or
	 * {@code NAME.roi} ({@link RoiLabels}); the voxel size from the image's calibration.
	 *
	 * @param slices whether 3D stacks are cut into 2D slices (to train a 2D network on stacks)
	 * @param ignore the label value ROIs named {@code ignore} get
	 */
	public static List<LabelledImage> read(List<Path> imageFiles, Path labelFolder, PercentileNormalizer normalization,
		boolean slices, OptionalInt ignore) throws IOException
	{
		Collector images = new Collector(normalization, slices);
		for (Path imageFile : imageFiles) {
			String name = imageFile.getFileName().toString();
			Path labelFile = labelFile(imageFile, labelFolder);
			Hyperstack<?> image = images.check(name, ImageFiles.read(imageFile));
			images.add(name, image,
				RoiLabels.isRoiFile(labelFile)
					? RoiLabels.rasterise(RoiLabels.read(labelFile), labelFile.getFileName().toString(),
						(int) image.sizeX(), (int) image.sizeY(), (int) image.sizeZ(), ignore)
					: labelValues(ImageFiles.read(labelFile), image, name));
		}
		return images.all();
	}

	/**
	 * Reads images with their label images from memory as the other {@code read} reads files; the images are not
	 * changed.
	 */
	public static List<LabelledImage> read(List<Pair> pairs, PercentileNormalizer normalization, boolean slices) {
		Collector images = new Collector(normalization, slices);
		for (Pair pair : pairs)
			images.add(pair.name(), images.check(pair.name(), pair.image()),
				labelValues(pair.labels(), pair.image(), pair.name()));
		return images.all();
	}

	/** Normalises images of one dimensionality and channel count into labelled images. */
	private static final class Collector {

		private final PercentileNormalizer normalization;
		private final boolean slices;
		private final List<LabelledImage> images = new ArrayList<>();
		private Hyperstack<?> first;

		Collector(PercentileNormalizer normalization, boolean slices) {
			this.normalization = normalization;
			this.slices = slices;
		}

		/** The image, if it has the dimensionality and channels of the first. */
		Hyperstack<?> check(String name, Hyperstack<?> image) {
			if (first == null) first = image;
			if (image.sizeC() != first.sizeC() || image.is3D() != first.is3D()) throw new IllegalArgumentException(
				name + ": all images need the same dimensionality and channels as " + first.name());
			return image;
		}

		void add(String name, Hyperstack<?> image, int[] labels) {
			FloatTensor pixels = normalization
				.apply(new FloatTensor(Tensors.toChannelsLast(image.frame(0)), Tensors.frameShape(image)));
			double[] v = image.voxelSize();
			double[] voxel = image.is3D() ? new double[]{ v[2], v[1], v[0] } : new double[]{ v[1], v[0] };
			LabelledImage labelled = new LabelledImage(name, pixels, labels, voxel);
			images.addAll(slices && image.is3D() ? slices(labelled) : List.of(labelled));
		}

		List<LabelledImage> all() {
			if (images.isEmpty()) throw new IllegalArgumentException("no images to train on");
			return images;
		}
	}

	/** What the ROI sets among the labels of these images annotate ({@link RoiLabels.Content#NONE} if none). */
	public static RoiLabels.Content roiContent(List<Path> imageFiles, Path labelFolder) throws IOException {
		RoiLabels.Content content = RoiLabels.Content.NONE;
		for (Path imageFile : imageFiles) {
			Path labelFile = labelFile(imageFile, labelFolder);
			if (RoiLabels.isRoiFile(labelFile))
				content = content.and(RoiLabels.content(RoiLabels.read(labelFile), labelFile.getFileName().toString()));
		}
		return content;
	}

	/** The label image of the same name, else the ROI set {@code NAME.zip} or {@code NAME.roi}. */
	private static Path labelFile(Path imageFile, Path labelFolder) {
		String name = imageFile.getFileName().toString();
		Path sameName = labelFolder.resolve(name);
		if (Files.isRegularFile(sameName)) return sameName;
		String stem = name.replaceFirst("\\.[^.]*$", "");
		for (String extension : new String[]{ ".zip", ".roi" })
			if (Files.isRegularFile(labelFolder.resolve(stem + extension)))
				return labelFolder.resolve(stem + extension);
		throw new IllegalArgumentException(
			"no label image " + sameName + " (nor ROI set " + stem + ".zip or " + stem + ".roi) for " + name);
	}

	/** The first channel of a label image's first frame, which must have the image's size. */
	private static int[] labelValues(Hyperstack<?> label, Hyperstack<?> image, String name) {
		if (image.sizeX() != label.sizeX() || image.sizeY() != label.sizeY() || image.sizeZ() != label.sizeZ())
			throw new IllegalArgumentException(name + ": image and label sizes differ");
		float[] labelValues = Tensors.toChannelsLast(label.frame(0));
		int[] labels = new int[labelValues.length / (int) label.sizeC()];
		for (int i = 0; i < labels.length; i++)
			labels[i] = Math.round(labelValues[i * (int) label.sizeC()]);
		return labels;
	}

	/**
	 * Holds back {@code round(fraction · n)} images chosen at random with {@code seed}, but never all of them.
	 */
	public static Split split(List<LabelledImage> images, double fraction, long seed) {
		int held = Math.min(images.size() - 1, (int) Math.round(fraction * images.size()));
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < images.size(); i++)
			order.add(i);
		Collections.shuffle(order, new Random(seed));
		List<Integer> validation = order.subList(0, Math.max(0, held)).stream().sorted().toList();
		List<LabelledImage> train = new ArrayList<>();
		List<LabelledImage> heldBack = new ArrayList<>();
		for (int i = 0; i < images.size(); i++)
			(validation.contains(i) ? heldBack : train).add(images.get(i));
		return new Split(train, heldBack);
	}

	private static List<LabelledImage> slices(LabelledImage stack) {
		long[] shape = stack.image().shape();
		int depth = (int) shape[0];
		int area = (int) (shape[1] * shape[2]);
		int channels = (int) shape[3];
		List<LabelledImage> slices = new ArrayList<>();
		for (int z = 0; z < depth; z++)
			slices.add(new LabelledImage(stack.name() + " z" + z,
				new FloatTensor(
					Arrays.copyOfRange(stack.image().data(), z * area * channels, (z + 1) * area * channels),
					new long[]{ shape[1], shape[2], channels }),
				Arrays.copyOfRange(stack.labels(), z * area, (z + 1) * area),
				Arrays.copyOfRange(stack.voxelSize(), 1, 3)));
		return slices;
	}
}
