package org.unetfiji.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * A grey-value image with the fixed 5-D axis order X, Y, C, Z, T of an ImageJ hyperstack, plus its voxel size and
 * name. Every axis is always present; absent ones have size 1 (a plain 2-D image is X×Y×1×1×1).
 * <p>
 * Instances are immutable (the pixels in {@link #data()} are not: they may be shared with an {@code ImagePlus}).
 *
 * @param <T> pixel type
 */
public final class Hyperstack<T extends RealType<T> & NativeType<T>> {

	/** Index of the X axis in {@link #data()}. */
	public static final int AXIS_X = 0;
	/** Index of the Y axis in {@link #data()}. */
	public static final int AXIS_Y = 1;
	/** Index of the channel axis in {@link #data()}. */
	public static final int AXIS_C = 2;
	/** Index of the Z (slice) axis in {@link #data()}. */
	public static final int AXIS_Z = 3;
	/** Index of the time (frame) axis in {@link #data()}. */
	public static final int AXIS_T = 4;

	/** The axes in the order of {@link #data()}, as {@link #of} names them. */
	public static final String AXES = "XYCZT";

	/** The unit of an uncalibrated image. */
	public static final String PIXEL_UNIT = "pixel";

	private final RandomAccessibleInterval<T> data;
	private final double[] voxelSize;
	private final String unit;
	private final String name;

	/**
	 * @param data pixels, 5-D in the order X, Y, C, Z, T; a non-zero origin is moved to 0
	 * @param voxelSize {x, y, z} voxel size in {@code unit}, each finite and positive
	 * @param unit unit of {@code voxelSize}, e.g. "µm" or {@link #PIXEL_UNIT}
	 * @param name image name (ImageJ title), may be empty
	 * @throws IllegalArgumentException if {@code data} is not 5-D or the calibration is invalid
	 */
	public Hyperstack(RandomAccessibleInterval<T> data, double[] voxelSize, String unit, String name) {
		Objects.requireNonNull(data, "data");
		Objects.requireNonNull(voxelSize, "voxelSize");
		Objects.requireNonNull(unit, "unit");
		Objects.requireNonNull(name, "name");
		if (data.numDimensions() != 5) throw new IllegalArgumentException(
			"A hyperstack needs 5 dimensions (X, Y, C, Z, T), got " + data.numDimensions());
		if (voxelSize.length != 3)
			throw new IllegalArgumentException("voxelSize must be {x, y, z}, got " + Arrays.toString(voxelSize));
		for (double s : voxelSize)
			if (!(s > 0) || Double.isInfinite(s)) throw new IllegalArgumentException(
				"Voxel sizes must be finite and positive, got " + Arrays.toString(voxelSize));
		if (unit.isBlank()) throw new IllegalArgumentException("unit must not be blank");
		this.data = Views.isZeroMin(data) ? data : Views.zeroMin(data);
		this.voxelSize = voxelSize.clone();
		this.unit = unit;
		this.name = name;
	}

	/** An uncalibrated hyperstack: voxel size 1 × 1 × 1 {@link #PIXEL_UNIT}. */
	public static <T extends RealType<T> & NativeType<T>> Hyperstack<T> uncalibrated(RandomAccessibleInterval<T> data,
		String name)
	{
		return new Hyperstack<>(data, new double[]{ 1, 1, 1 }, PIXEL_UNIT, name);
	}

	/**
	 * Any ImgLib2 image of a real type (in memory, a cell image, or computed on demand) as a hyperstack, by views:
	 * no pixel is copied or read here. Axes it lacks are added with size 1; a type that is not a
	 * {@link NativeType} is read as float values.
	 *
	 * @param axes what each dimension of {@code image} is, in its order: X and Y, and any of C, Z and T (e.g.
	 *          {@code "XYZ"} for a stack, {@code "XYCT"} for a time series with channels)
	 * @throws IllegalArgumentException if {@code axes} does not name every dimension once, or the calibration is
	 *           invalid
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static Hyperstack<?> of(RandomAccessibleInterval<? extends RealType<?>> image, String axes,
		double[] voxelSize, String unit, String name)
	{
		StringBuilder order = new StringBuilder(axes.strip().toUpperCase(Locale.ROOT));
		if (order.length() != image.numDimensions() || order.chars().distinct().count() != order.length() ||
			!order.chars().allMatch(axis -> AXES.indexOf(axis) >= 0) || order.indexOf("X") < 0 ||
			order.indexOf("Y") < 0)
			throw new IllegalArgumentException("axes=" + axes + " must name the image's " + image.numDimensions() +
				" dimension(s) in order, each once: X, Y and any of C, Z, T (e.g. XYZ)");
		RandomAccessibleInterval view = image;
		for (char axis : AXES.toCharArray())
			if (order.indexOf(String.valueOf(axis)) < 0) {
				view = Views.addDimension(view, 0, 0);
				order.append(axis);
			}
		for (int d = 0; d < AXES.length(); d++) {
			int from = order.indexOf(String.valueOf(AXES.charAt(d)));
			if (from == d) continue;
			view = Views.permute(view, from, d);
			order.setCharAt(from, order.charAt(d));
			order.setCharAt(d, AXES.charAt(d));
		}
		if (!(view.getType() instanceof NativeType)) view = Converters.convert(view,
			(a, b) -> ((FloatType) b).setReal(((RealType) a).getRealDouble()), new FloatType());
		return new Hyperstack(view, voxelSize, unit, name);
	}

	/** Other pixels (e.g. a result computed from this image) with this image's calibration and name. */
	public <U extends RealType<U> & NativeType<U>> Hyperstack<U> withData(RandomAccessibleInterval<U> newData) {
		return new Hyperstack<>(newData, voxelSize, unit, name);
	}

	/** The pixels, 5-D (X, Y, C, Z, T), origin at 0. */
	public RandomAccessibleInterval<T> data() {
		return data;
	}

	/** A pixel instance of this image's type (not linked to any position). */
	public T type() {
		return data.getType();
	}

	/** {x, y, z} voxel size in {@link #unit()} (a copy). */
	public double[] voxelSize() {
		return voxelSize.clone();
	}

	/** Unit of {@link #voxelSize()}, e.g. "µm", or {@link #PIXEL_UNIT} when uncalibrated. */
	public String unit() {
		return unit;
	}

	/** Image name (ImageJ title). */
	public String name() {
		return name;
	}

	public long sizeX() {
		return data.dimension(AXIS_X);
	}

	public long sizeY() {
		return data.dimension(AXIS_Y);
	}

	public long sizeC() {
		return data.dimension(AXIS_C);
	}

	public long sizeZ() {
		return data.dimension(AXIS_Z);
	}

	public long sizeT() {
		return data.dimension(AXIS_T);
	}

	/** Whether this is a volume (more than one Z slice). */
	public boolean is3D() {
		return sizeZ() > 1;
	}

	/**
	 * One time point as a 4-D view (X, Y, C, Z) of the same pixels, no copy.
	 *
	 * @param t frame index, 0-based
	 */
	public RandomAccessibleInterval<T> frame(long t) {
		if (t < 0 || t >= sizeT()) throw new IndexOutOfBoundsException("Frame " + t + " outside 0.." + (sizeT() - 1));
		return Views.hyperSlice(data, AXIS_T, t);
	}

	@Override
	public String toString() {
		return "Hyperstack[" + name + ", " + type().getClass().getSimpleName() + ", X" + sizeX() + " Y" + sizeY() +
			" C" + sizeC() + " Z" + sizeZ() + " T" + sizeT() + ", voxel " + voxelSize[0] + "×" + voxelSize[1] + "×" +
			voxelSize[2] + " " + unit + "]";
	}
}
