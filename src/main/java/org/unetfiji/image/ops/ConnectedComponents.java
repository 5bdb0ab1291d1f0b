package org.unetfiji.image.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Connected-component labelling of 1D, 2D or 3D images held in memory, in near-linear time ({@link ComponentLabelling}
 * plane by plane, which is also what inference runs on stacks larger than memory).
 * <p>
 * Two pixels are connected when they are neighbours (see {@link Connectivity}) and have the same non-zero value, so
 * for a binary image the components are the usual foreground components, and for a label image each label is split
 * into its connected pieces. Zero is background. Components are numbered 1..n in raster order of their first pixel.
 */
public final class ConnectedComponents {

	private ConnectedComponents() {}

	/**
	 * Labels the components of {@code image}; the result has the same dimensions and a zero minimum.
	 *
	 * @throws IllegalArgumentException for more than 3 dimensions, or values outside the 32-bit range
	 */
	public static Img<IntType> label(RandomAccessibleInterval<? extends IntegerType<?>> image,
		Connectivity connectivity)
	{
		return label(image, connectivity, false);
	}

	/** Labels the components of the foreground (all non-zero values alike) of {@code image}. */
	public static Img<IntType> labelForeground(RandomAccessibleInterval<? extends IntegerType<?>> image,
		Connectivity connectivity)
	{
		return label(image, connectivity, true);
	}

	/**
	 * Labels the components of a flat {@code width × height × depth} volume (X fastest) in place: every non-zero
	 * value becomes its component's number, 1..n in raster order.
	 *
	 * @return n, the number of components
	 */
	public static int labelInPlace(int[] values, int width, int height, int depth, Connectivity connectivity) {
		int plane = width * height;
		try (ComponentLabelling labelling = new ComponentLabelling(width, height, connectivity, 0)) {
			for (int z = 0; z < depth; z++)
				labelling.addPlane(Arrays.copyOfRange(values, z * plane, (z + 1) * plane));
			labelling.endFrame();
			labelling.relabel((t, z, ids) -> System.arraycopy(ids, 0, values, z * plane, plane));
			return labelling.largestCount();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e); // in memory: never thrown
		}
	}

	private static Img<IntType> label(RandomAccessibleInterval<? extends IntegerType<?>> image,
		Connectivity connectivity, boolean binary)
	{
		int n = image.numDimensions();
		if (n > 3) throw new IllegalArgumentException(
			"connected components of " + n + "-dimensional images are not " + "supported; give 1 to 3 dimensions");
		if (image.size() > Integer.MAX_VALUE)
			throw new IllegalArgumentException("Image too large for labelling: " + image.size() + " pixels");
		int width = (int) image.dimension(0);
		int height = n > 1 ? (int) image.dimension(1) : 1;
		int depth = n > 2 ? (int) image.dimension(2) : 1;
		int[] labels = new int[(int) image.size()];
		Cursor<? extends IntegerType<?>> cursor = Views.flatIterable(image).cursor();
		try (ComponentLabelling labelling = new ComponentLabelling(width, height, connectivity, 0)) {
			for (int z = 0; z < depth; z++) {
				int[] plane = new int[width * height];
				for (int i = 0; i < plane.length; i++) {
					long value = cursor.next().getIntegerLong();
					if (value != (int) value) throw new IllegalArgumentException(
						"value " + value + " is outside the " + "32-bit range of connected-component labelling");
					plane[i] = binary && value != 0 ? 1 : (int) value;
				}
				labelling.addPlane(plane);
			}
			labelling.endFrame();
			labelling.relabel((t, z, ids) -> System.arraycopy(ids, 0, labels, z * ids.length, ids.length));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e); // in memory: never thrown
		}
		return ArrayImgs.ints(labels, image.dimensionsAsLongArray());
	}
}
