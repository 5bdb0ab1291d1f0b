package org.unetfiji.inference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.inference.postprocessing.Argmax;
import org.unetfiji.inference.postprocessing.Postprocessing;
import org.unetfiji.inference.postprocessing.PostprocessingStep;
import org.unetfiji.inference.tiling.TiledPredictor;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Segments every frame of a stack, tile by tile, and hands out its results plane by plane (frames in order, planes
 * in z order): class probabilities, class labels, and instances once every frame is done. Labels and instances come
 * from a {@link Postprocessing} chain between the tiler and the outputs; by default the most probable class and the
 * connected components of the foreground.
 */
public final class Segmentation {

	/** Receives the results plane by plane; planes are {@code X × Y} values, X fastest. */
	public interface Output {
		/** @param probabilities {@code [class][pixel]} */
		void probabilities(int t, int z, float[][] probabilities) throws IOException;

		void labels(int t, int z, int[] classes) throws IOException;

		/** Called once before the first instance plane, with the most instances found in any frame. */
		void startInstances(int largestCount) throws IOException;

		void instances(int t, int z, int[] instances) throws IOException;
	}

	/** Probabilities ({@code X, Y, classes, Z, T}), class labels and instances ({@code X, Y, 1, Z, T}). */
	public record Result(Hyperstack<FloatType> probabilities, Hyperstack<IntType> labels,
		Hyperstack<IntType> instances) {}

	private Segmentation() {}

	/**
	 * Segments with the default post-processing.
	 *
	 * @param minSize smallest instance kept, in voxels
	 * @param spoolFolder where instance numbers are spooled between their two passes
	 * @throws CancellationException when {@code cancelled} turns true
	 */
	public static void segment(TiledPredictor predictor, PlaneSource image, long minSize, Path spoolFolder,
		Output output, TiledPredictor.Listener listener, BooleanSupplier cancelled) throws IOException
	{
		segment(predictor, image, Postprocessing.defaults(minSize), spoolFolder, output, listener, cancelled);
	}

	/**
	 * @param postprocessing how labels and instances are found, e.g. {@link Postprocessing#forModel}
	 * @param spoolFolder where instance numbers are spooled between their two passes
	 * @throws IllegalArgumentException when a step cannot run on the predictor's classes
	 * @throws CancellationException when {@code cancelled} turns true
	 */
	public static void segment(TiledPredictor predictor, PlaneSource image, Postprocessing postprocessing,
		Path spoolFolder, Output output, TiledPredictor.Listener listener, BooleanSupplier cancelled) throws IOException
	{
		segment(predictor, image, null, postprocessing, spoolFolder, output, listener, cancelled);
	}

	/**
	 * @param rescaling how the network sees the image, or null for as it is; labels and instances are found on the
	 *          image's own grid either way
	 * @param postprocessing how labels and instances are found, e.g. {@link Postprocessing#forModel}
	 * @param spoolFolder where instance numbers are spooled between their two passes
	 * @throws IllegalArgumentException when a step cannot run on the predictor's classes
	 * @throws CancellationException when {@code cancelled} turns true
	 */
	public static void segment(TiledPredictor predictor, PlaneSource image, Rescaling rescaling,
		Postprocessing postprocessing, Path spoolFolder, Output output, TiledPredictor.Listener listener,
		BooleanSupplier cancelled) throws IOException
	{
		PostprocessingStep.Classes labelling = postprocessing.classes();
		labelling.check(predictor.config().classes());
		try (PostprocessingStep.Pass instances = postprocessing.instances().start(image.sizeX(), image.sizeY(),
			image.voxelSize(), spoolFolder))
		{
			for (int t = 0; t < image.sizeT(); t++) {
				int frame = t;
				TiledPredictor.PlaneConsumer planes = (z, probabilities) -> {
					int[] classes = labelling.classes(probabilities);
					output.probabilities(frame, (int) z, probabilities);
					output.labels(frame, (int) z, classes);
					instances.addPlane(classes, probabilities);
				};
				if (rescaling == null) predictor.predict(image, t, planes, listener, cancelled);
				else predictor.predict(rescaling.scaled(image), t, rescaling.back(planes), listener, cancelled);
				instances.endFrame();
			}
			output.startInstances(instances.largestCount());
			instances.relabel(output::instances);
		}
	}

	/** Segments a hyperstack held in memory into new images with its calibration, with the default post-processing. */
	public static Result segment(TiledPredictor predictor, Hyperstack<?> image, long minSize,
		TiledPredictor.Listener listener, BooleanSupplier cancelled) throws IOException
	{
		return segment(predictor, image, Postprocessing.defaults(minSize), listener, cancelled);
	}

	/** Segments a hyperstack held in memory into new images with its calibration. */
	public static Result segment(TiledPredictor predictor, Hyperstack<?> image, Postprocessing postprocessing,
		TiledPredictor.Listener listener, BooleanSupplier cancelled) throws IOException
	{
		return segment(predictor, image, null, postprocessing, listener, cancelled);
	}

	/**
	 * Segments a hyperstack held in memory into new images with its calibration, the network seeing it as
	 * {@code rescaling} says (null: as it is).
	 */
	public static Result segment(TiledPredictor predictor, Hyperstack<?> image, Rescaling rescaling,
		Postprocessing postprocessing, TiledPredictor.Listener listener, BooleanSupplier cancelled) throws IOException
	{
		int classes = predictor.config().classes();
		long[] size = { image.sizeX(), image.sizeY(), classes, image.sizeZ(), image.sizeT() };
		long[] labelSize = { image.sizeX(), image.sizeY(), 1, image.sizeZ(), image.sizeT() };
		var probabilities = ArrayImgs.floats(size);
		var labels = ArrayImgs.ints(labelSize);
		var instances = ArrayImgs.ints(labelSize);
		segment(predictor, PlaneSource.of(image), rescaling, postprocessing,
			Path.of(System.getProperty("java.io.tmpdir")), new Output() {
				@Override
				public void probabilities(int t, int z, float[][] p) {
					for (int c = 0; c < classes; c++) {
						var cursor = Views.flatIterable(plane(probabilities, c, z, t)).cursor();
						for (int i = 0; cursor.hasNext(); i++)
							cursor.next().set(p[c][i]);
					}
				}

				@Override
				public void labels(int t, int z, int[] values) {
					copy(values, labels, z, t);
				}

				@Override
				public void startInstances(int largestCount) {}

				@Override
				public void instances(int t, int z, int[] values) {
					copy(values, instances, z, t);
				}
			}, listener, cancelled);
		return new Result(image.withData(probabilities), image.withData(labels), image.withData(instances));
	}

	/** Index of the most probable class per pixel (the first of equals), as the default post-processing labels. */
	public static int[] argmax(float[][] probabilities) {
		return Argmax.classes(probabilities);
	}

	private static void copy(int[] values, ArrayImg<IntType, ?> image, int z, int t) {
		var cursor = Views.flatIterable(plane(image, 0, z, t)).cursor();
		for (int i = 0; cursor.hasNext(); i++)
			cursor.next().set(values[i]);
	}

	private static <T> RandomAccessibleInterval<T> plane(RandomAccessibleInterval<T> image, int c, int z, int t) {
		return Views.hyperSlice(Views.hyperSlice(Views.hyperSlice(image, Hyperstack.AXIS_T, t), Hyperstack.AXIS_Z, z),
			Hyperstack.AXIS_C, c);
	}
}
