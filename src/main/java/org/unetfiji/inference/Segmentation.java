package org.unetfiji.inference;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.Tensors;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Segments every frame of a hyperstack with a predictor: class probabilities (float, one channel per class) and
 * the most probable class per pixel, both with the input's calibration.
 */
public final class Segmentation {

	/** Receives the number of frames done. */
	public interface Progress {
		void frame(long done, long frames);
	}

	/** Probabilities ({@code X, Y, classes, Z, T}) and class labels ({@code X, Y, 1, Z, T}). */
	public record Result(Hyperstack<FloatType> probabilities, Hyperstack<IntType> labels) {}

	private Segmentation() {}

	/**
	 * @param predictor runs the network on one frame, {@code ([z,] y, x, channels)}
	 * @param classes number of classes the predictor returns
	 */
	public static Result segment(UntiledPredictor predictor, int classes, Hyperstack<?> image, Progress progress,
		BooleanSupplier cancelled)
	{
		long[] size = { image.sizeX(), image.sizeY(), classes, image.sizeZ(), image.sizeT() };
		long[] labelSize = { image.sizeX(), image.sizeY(), 1, image.sizeZ(), image.sizeT() };
		var probabilities = ArrayImgs.floats(size);
		var labels = ArrayImgs.ints(labelSize);
		for (long t = 0; t < image.sizeT(); t++) {
			if (cancelled.getAsBoolean()) throw new CancellationException("segmentation cancelled after " + t +
				" of " + image.sizeT() + " frames");
			float[] pixels = Tensors.toChannelsLast(image.frame(t));
			FloatTensor p = predictor.predict(new FloatTensor(pixels, Tensors.frameShape(image)));
			Hyperstack<FloatType> frame = Tensors.fromChannelsLast(p.data(), p.shape());
			copy(frame.frame(0), Views.hyperSlice(probabilities, 4, t));
			// flat iteration of an (x, y, 1, z) view visits pixels in the C order of the tensor
			int[] classOfPixel = UntiledPredictor.argmax(p);
			var out = Views.flatIterable(Views.hyperSlice(labels, 4, t)).cursor();
			for (int i = 0; out.hasNext(); i++)
				out.next().set(classOfPixel[i]);
			progress.frame(t + 1, image.sizeT());
		}
		return new Result(image.withData(probabilities), image.withData(labels));
	}

	private static void copy(RandomAccessibleInterval<FloatType> source, RandomAccessibleInterval<FloatType> target) {
		var in = Views.flatIterable(source).cursor();
		var out = Views.flatIterable(target).cursor();
		while (out.hasNext())
			out.next().set(in.next());
	}
}
