package org.unetfiji.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.image.ops.ConnectedComponents;
import org.unetfiji.image.ops.Connectivity;
import org.unetfiji.training.weights.WeightMap;
import org.unetfiji.training.weights.WeightMapSettings;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Turns label images into training samples: the class of every pixel, its loss weight and its probability of
 * being sampled as a tile centre.
 * <p>
 * Objects (instance ids, or the connected components of binary masks) become foreground, class 1; touching
 * objects are separated by background gaps and, with {@link WeightMode#BORDER}, weighted by the Falk et al. 2019
 * map ({@link WeightMap}). With {@link Target#BOUNDARY} the objects' edges ({@link Boundaries}) are a class of their
 * own: background 0, interior 1, boundary 2, the border weights as for the foreground target (the contacts between
 * touching objects, gaps there, are boundary here); dense labels give interior 0 and boundary 1. Class masks keep
 * their values as classes. The ignore value gives class {@link TrainingSample#IGNORE}, weight 0 and sampling
 * probability 0; background is sampled with probability {@code v_bal}, everything else with 1.
 */
public final class TrainingTargets {

	/** Object id given to ignored pixels inside this class (instance ids are smaller). */
	private static final int IGNORED_ID = Integer.MAX_VALUE;

	private TrainingTargets() {}

	/**
	 * An image with the values of its label image, both in C order.
	 *
	 * @param image normalised image, channels-last
	 * @param labels the label value of each pixel
	 * @param voxelSize voxel size per spatial axis ({@code [z,] y, x})
	 */
	public record LabelledImage(String name, FloatTensor image, int[] labels, double[] voxelSize) {}

	/**
	 * Builds the training samples of a data set.
	 *
	 * @param classes number of classes of the network (2 for objects)
	 * @throws IllegalArgumentException for labels that do not fit the settings or the classes
	 */
	public static List<TrainingSample> build(List<LabelledImage> images, TargetSettings settings, int classes) {
		List<TrainingSample> samples = new ArrayList<>();
		for (LabelledImage image : images)
			samples.add(sample(image, settings, classes));
		if (settings.weights() == WeightMode.BALANCE) balance(samples, classes);
		return samples;
	}

	/** Labelled fraction from which {@code label-type=auto} reads labels as {@link LabelKind#DENSE}. */
	public static final double DENSE_FRACTION = 0.9;

	/** The fraction of annotated (not ignored) voxels of the images with a non-zero label. */
	public static double labelledFraction(List<LabelledImage> images, OptionalInt ignore) {
		long annotated = 0;
		long labelled = 0;
		for (LabelledImage image : images)
			for (int label : image.labels())
				if (!isIgnore(label, ignore)) {
					annotated++;
					if (label != 0) labelled++;
				}
		return annotated == 0 ? 0 : (double) labelled / annotated;
	}

	/** The kind an image's labels are read as: {@link LabelKind#AUTO} resolved for this image. */
	public static LabelKind resolve(LabelKind kind, int[] labels, OptionalInt ignore) {
		if (kind != LabelKind.AUTO) return kind;
		int seen = 0;
		for (int label : labels)
			if (label != 0 && !isIgnore(label, ignore)) {
				if (seen != 0 && label != seen) return LabelKind.INSTANCES;
				seen = label;
			}
		return LabelKind.BINARY;
	}

	private static TrainingSample sample(LabelledImage image, TargetSettings settings, int classes) {
		OptionalInt ignore = settings.map().ignoreLabel();
		LabelKind kind = resolve(settings.labels(), image.labels(), ignore);
		List<String> names = settings.classNames(List.of("background", "foreground"));
		if (kind.hasObjects() && classes != names.size()) throw new IllegalArgumentException(image.name() + ": " +
			kind + " labels with target=" + settings.target() + " train " + names.size() + " classes (" +
			String.join(", ", names) + "), not " + classes + "; use label-type=classes for class masks");
		if (kind == LabelKind.DENSE) return dense(image, settings);
		return kind.hasObjects() ? objects(image, kind, settings) : classMask(image, settings, classes);
	}

	/** Dense labels: boundary 1 within the width of a label edge, interior 0 elsewhere; weight 1, sampled evenly. */
	private static TrainingSample dense(LabelledImage image, TargetSettings settings) {
		OptionalInt ignore = settings.map().ignoreLabel();
		int n = image.labels().length;
		int[] ids = new int[n];
		for (int i = 0; i < n; i++) {
			int label = image.labels()[i];
			if (label < 0 && !isIgnore(label, ignore))
				throw new IllegalArgumentException(image.name() + " holds the negative label " + label);
			ids[i] = isIgnore(label, ignore) ? IGNORED_ID : label;
		}
		boolean[] boundary = Boundaries.mark(ids, spatialSize(image), image.voxelSize(), settings.boundaryWidth(),
			IGNORED_ID, false);
		int[] classes = new int[n];
		float[] weights = new float[n];
		for (int i = 0; i < n; i++) {
			boolean annotated = ids[i] != IGNORED_ID;
			classes[i] = annotated ? boundary[i] ? 1 : 0 : TrainingSample.IGNORE;
			weights[i] = annotated ? 1 : 0;
			if (!annotated) ids[i] = 0;
		}
		return new TrainingSample(image.name(), image.image(), classes, weights, weights.clone(), ids,
			image.voxelSize().clone());
	}

	private static TrainingSample objects(LabelledImage image, LabelKind kind, TargetSettings settings) {
		OptionalInt ignore = settings.map().ignoreLabel();
		int[] ids = new int[image.labels().length];
		for (int i = 0; i < ids.length; i++) {
			int label = image.labels()[i];
			if (isIgnore(label, ignore)) ids[i] = IGNORED_ID;
			else if (label < 0) throw new IllegalArgumentException(image.name() + " holds the negative label " + label);
			else ids[i] = kind == LabelKind.BINARY ? Math.min(label, 1) : label;
		}
		long[] imgSize = reversed(spatialSize(image));
		if (kind == LabelKind.BINARY) components(ids, imgSize);
		WeightMapSettings map = settings.map();
		double[] voxel = image.voxelSize();
		double[] relative = new double[voxel.length];
		for (int a = 0; a < voxel.length; a++)
			relative[voxel.length - 1 - a] = voxel[a] / voxel[voxel.length - 1];
		WeightMap weightMap = WeightMap.compute(ArrayImgs.ints(ids, imgSize),
			new WeightMapSettings(settings.weights() == WeightMode.BORDER ? map.w0() : 0, map.sigma(), map.vBal(),
				map.sigma1(), OptionalInt.of(IGNORED_ID)),
			relative);
		int[] target = ints(weightMap.target());
		boolean[] boundary = settings.target() == Target.BOUNDARY
			? Boundaries.mark(ids, spatialSize(image), voxel, settings.boundaryWidth(), IGNORED_ID, true) : null;
		int[] classes = new int[ids.length];
		float[] weights = settings.weights() == WeightMode.BORDER ? floats(weightMap.weights()) : new float[ids.length];
		for (int i = 0; i < ids.length; i++) {
			classes[i] = target[i] == WeightMap.IGNORE ? TrainingSample.IGNORE : target[i];
			if (boundary != null && ids[i] != IGNORED_ID) classes[i] = ids[i] == 0 ? 0 : boundary[i] ? 2 : 1;
			if (settings.weights() != WeightMode.BORDER) weights[i] = classes[i] == TrainingSample.IGNORE ? 0 : 1;
			if (ids[i] == IGNORED_ID) ids[i] = 0;
		}
		return new TrainingSample(image.name(), image.image(), classes, weights,
			floats(weightMap.samplingProbability()), ids, voxel.clone());
	}

	private static TrainingSample classMask(LabelledImage image, TargetSettings settings, int classCount) {
		OptionalInt ignore = settings.map().ignoreLabel();
		int n = image.labels().length;
		int[] classes = new int[n];
		float[] weights = new float[n];
		float[] sampling = new float[n];
		for (int i = 0; i < n; i++) {
			int label = image.labels()[i];
			if (isIgnore(label, ignore)) {
				classes[i] = TrainingSample.IGNORE;
				continue;
			}
			if (label < 0 || label >= classCount) throw new IllegalArgumentException(
				image.name() + " holds label " + label + ", but there are only the classes 0.." + (classCount - 1) +
					(ignore.isPresent() ? "" : " (set ignore= for unannotated pixels)"));
			classes[i] = label;
			weights[i] = 1;
			sampling[i] = label == 0 ? (float) settings.map().vBal() : 1;
		}
		return new TrainingSample(image.name(), image.image(), classes, weights, sampling, null,
			image.voxelSize().clone());
	}

	/** Multiplies the weights by the inverse frequency of each class over all samples (mean 1 per pixel). */
	private static void balance(List<TrainingSample> samples, int classes) {
		long[] counts = new long[classes];
		for (TrainingSample sample : samples)
			for (int c : sample.classes())
				if (c >= 0) counts[c]++;
		long total = Arrays.stream(counts).sum();
		long present = Arrays.stream(counts).filter(n -> n > 0).count();
		for (TrainingSample sample : samples)
			for (int i = 0; i < sample.classes().length; i++) {
				int c = sample.classes()[i];
				if (c >= 0) sample.weights()[i] *= (float) ((double) total / (present * counts[c]));
			}
	}

	/** Replaces object ids 1 by the ids of the face-connected components of the objects. */
	private static void components(int[] ids, long[] imgSize) {
		int[] mask = new int[ids.length];
		for (int i = 0; i < ids.length; i++)
			mask[i] = ids[i] == 1 ? 1 : 0;
		int[] labelled = ints(ConnectedComponents.label(ArrayImgs.ints(mask, imgSize), Connectivity.FACE));
		for (int i = 0; i < ids.length; i++)
			if (ids[i] == 1) ids[i] = labelled[i];
	}

	private static boolean isIgnore(int label, OptionalInt ignore) {
		return ignore.isPresent() && label == ignore.getAsInt();
	}

	private static long[] spatialSize(LabelledImage image) {
		return Arrays.copyOf(image.image().shape(), image.image().rank() - 1);
	}

	private static long[] reversed(long[] size) {
		long[] reversed = new long[size.length];
		for (int a = 0; a < size.length; a++)
			reversed[a] = size[size.length - 1 - a];
		return reversed;
	}

	private static <T extends RealType<T>> int[] ints(Img<T> image) {
		int[] values = new int[(int) image.size()];
		Cursor<T> cursor = Views.flatIterable(image).cursor();
		for (int i = 0; i < values.length; i++)
			values[i] = (int) cursor.next().getRealDouble();
		return values;
	}

	private static <T extends RealType<T>> float[] floats(Img<T> image) {
		float[] values = new float[(int) image.size()];
		Cursor<T> cursor = Views.flatIterable(image).cursor();
		for (int i = 0; i < values.length; i++)
			values[i] = cursor.next().getRealFloat();
		return values;
	}
}
