package org.unetfiji.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

/**
 * Converts between ImageJ 1.x {@link ImagePlus} and {@link Hyperstack}.
 * <p>
 * ImageJ stores a hyperstack as one pixel array per plane, channels varying fastest, then slices, then frames.
 * That is exactly the plane order of an ImgLib2 {@link PlanarImg} with dimensions X, Y, C, Z, T, so
 * {@link #wrap(ImagePlus)} shares the arrays instead of copying them.
 */
public final class ImagePlusBridge {

	/** Largest integer that a 32-bit float represents exactly (2^24). */
	private static final double FLOAT_EXACT_INTEGER_LIMIT = 1 << 24;

	private ImagePlusBridge() {}

	/**
	 * Views an 8-bit, 16-bit or 32-bit grey-value ImagePlus as a Hyperstack of {@link UnsignedByteType},
	 * {@link UnsignedShortType} or {@link FloatType}, with the ImagePlus' channels, slices (Z) and frames (T),
	 * voxel size (pixelWidth, pixelHeight, pixelDepth), unit ("micron" and "um" become "µm") and title.
	 * <p>
	 * For a normal stack no pixels are copied: the result reads and writes the stack's current pixel arrays, so
	 * changes made through either side are visible in the other (as long as ImageJ does not replace the arrays,
	 * e.g. on a type conversion or crop). A <em>virtual</em> stack is read completely into memory, plane by
	 * plane, when this method is called; later changes are not shared. 8-bit images with a colour LUT give
	 * their raw indices. A 16-bit image with ImageJ's signed calibration function gives the raw stored values.
	 *
	 * @throws IllegalArgumentException for RGB colour images
	 */
	public static Hyperstack<?> wrap(ImagePlus imp) {
		Objects.requireNonNull(imp, "imp");
		int type = imp.getType();
		if (type == ImagePlus.COLOR_RGB)
			throw new IllegalArgumentException("\"" + imp.getTitle() + "\" is an RGB colour image, which is not " +
				"supported. Convert it to grey values (Image > Type > 8-bit, 16-bit or 32-bit) or split its " +
				"colour channels (Image > Color > Split Channels, or Image > Color > Make Composite) first.");
		ImageStack stack = imp.getStack();
		// ImageJ resets channels, slices and frames to 1, stack size, 1 if their product is not the stack size
		long[] dims = { imp.getWidth(), imp.getHeight(), imp.getNChannels(), imp.getNSlices(), imp.getNFrames() };
		List<Object> planes = new ArrayList<>(stack.getSize());
		for (int i = 1; i <= stack.getSize(); i++)
			planes.add(stack.isVirtual() ? stack.getProcessor(i).getPixels() : stack.getPixels(i));
		switch (type) {
			case ImagePlus.GRAY8 :
			case ImagePlus.COLOR_256 :
				return calibrated(imp, unsignedBytes(planes, dims));
			case ImagePlus.GRAY16 :
				return calibrated(imp, unsignedShorts(planes, dims));
			case ImagePlus.GRAY32 :
				return calibrated(imp, floats(planes, dims));
			default :
				throw new IllegalArgumentException("\"" + imp.getTitle() + "\" has unsupported ImageJ type " + type);
		}
	}

	/**
	 * Copies a Hyperstack into a new ImagePlus with the same channels, slices, frames, calibration and title
	 * (the title falls back to "image" if the name is empty).
	 * <p>
	 * Pixel types: {@link UnsignedByteType} becomes 8-bit, {@link UnsignedShortType} 16-bit and
	 * {@link FloatType} 32-bit. Other integer types (e.g. {@code IntType} label images) become 16-bit when all
	 * values lie in 0..65535, else 32-bit float, which holds integers exactly up to 2^24. Any other real type
	 * becomes 32-bit float.
	 *
	 * @throws IllegalArgumentException if a plane has more than 2^31-1 pixels, or if integer values beyond
	 *             ±2^24 would have to be stored as float and so would lose their identity
	 */
	public static ImagePlus toImagePlus(Hyperstack<?> image) {
		Objects.requireNonNull(image, "image");
		long width = image.sizeX(), height = image.sizeY();
		long planeCount = image.sizeC() * image.sizeZ() * image.sizeT();
		if (width * height > Integer.MAX_VALUE || planeCount > Integer.MAX_VALUE)
			throw new IllegalArgumentException("Image too large for ImageJ: " + image);
		int bitDepth = bitDepthFor(image);
		ImageStack stack = new ImageStack((int) width, (int) height);
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (long t = 0; t < image.sizeT(); t++)
			for (long z = 0; z < image.sizeZ(); z++)
				for (long c = 0; c < image.sizeC(); c++) {
					RandomAccessibleInterval<? extends RealType<?>> plane = Views.hyperSlice(
						Views.hyperSlice(Views.hyperSlice(image.data(), Hyperstack.AXIS_T, t), Hyperstack.AXIS_Z, z),
						Hyperstack.AXIS_C, c);
					Object pixels = copyPlane(plane, bitDepth, (int) (width * height));
					stack.addSlice(null, pixels);
					double[] range = range(pixels);
					min = Math.min(min, range[0]);
					max = Math.max(max, range[1]);
				}
		ImagePlus imp = new ImagePlus(image.name().isEmpty() ? "image" : image.name(), stack);
		imp.setDimensions((int) image.sizeC(), (int) image.sizeZ(), (int) image.sizeT());
		imp.setOpenAsHyperStack(imp.getNDimensions() > 3);
		if (bitDepth != 8 && min <= max) imp.setDisplayRange(min, max);
		Calibration cal = imp.getCalibration();
		double[] voxel = image.voxelSize();
		cal.pixelWidth = voxel[0];
		cal.pixelHeight = voxel[1];
		cal.pixelDepth = voxel[2];
		cal.setUnit(image.unit());
		return imp;
	}

	private static int bitDepthFor(Hyperstack<?> image) {
		RealType<?> type = image.type();
		if (type instanceof UnsignedByteType) return 8;
		if (type instanceof UnsignedShortType) return 16;
		if (!(type instanceof IntegerType)) return 32;
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (RealType<?> v : Views.iterable(image.data())) {
			double d = v.getRealDouble();
			min = Math.min(min, d);
			max = Math.max(max, d);
		}
		if (min >= 0 && max <= 65535) return 16;
		if (min < -FLOAT_EXACT_INTEGER_LIMIT || max > FLOAT_EXACT_INTEGER_LIMIT)
			throw new IllegalArgumentException("Integer values " + min + ".." + max + " of \"" + image.name() +
				"\" cannot be stored exactly in an ImageJ image (16-bit holds 0..65535, 32-bit float holds " +
				"integers up to ±2^24)");
		return 32;
	}

	private static Object copyPlane(RandomAccessibleInterval<? extends RealType<?>> plane, int bitDepth, int n) {
		Cursor<? extends RealType<?>> cursor = Views.flatIterable(plane).cursor();
		switch (bitDepth) {
			case 8 : {
				byte[] pixels = new byte[n];
				for (int i = 0; i < n; i++)
					pixels[i] = (byte) cursor.next().getRealDouble();
				return pixels;
			}
			case 16 : {
				short[] pixels = new short[n];
				for (int i = 0; i < n; i++)
					pixels[i] = (short) cursor.next().getRealDouble();
				return pixels;
			}
			default : {
				float[] pixels = new float[n];
				for (int i = 0; i < n; i++)
					pixels[i] = cursor.next().getRealFloat();
				return pixels;
			}
		}
	}

	/** {min, max} of an ImageJ pixel array (unsigned for 8 and 16 bit). */
	private static double[] range(Object pixels) {
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		if (pixels instanceof byte[]) {
			for (byte b : (byte[]) pixels) {
				int v = b & 0xff;
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
		}
		else if (pixels instanceof short[]) {
			for (short s : (short[]) pixels) {
				int v = s & 0xffff;
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
		}
		else {
			for (float v : (float[]) pixels)
				if (!Float.isNaN(v)) {
					min = Math.min(min, v);
					max = Math.max(max, v);
				}
		}
		return new double[]{ min, max };
	}

	private static PlanarImg<UnsignedByteType, ByteArray> unsignedBytes(List<Object> planes, long[] dims) {
		List<ByteArray> arrays = new ArrayList<>(planes.size());
		for (Object p : planes)
			arrays.add(new ByteArray((byte[]) p));
		PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(arrays, dims, new Fraction());
		img.setLinkedType(new UnsignedByteType(img));
		return img;
	}

	private static PlanarImg<UnsignedShortType, ShortArray> unsignedShorts(List<Object> planes, long[] dims) {
		List<ShortArray> arrays = new ArrayList<>(planes.size());
		for (Object p : planes)
			arrays.add(new ShortArray((short[]) p));
		PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(arrays, dims, new Fraction());
		img.setLinkedType(new UnsignedShortType(img));
		return img;
	}

	private static PlanarImg<FloatType, FloatArray> floats(List<Object> planes, long[] dims) {
		List<FloatArray> arrays = new ArrayList<>(planes.size());
		for (Object p : planes)
			arrays.add(new FloatArray((float[]) p));
		PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(arrays, dims, new Fraction());
		img.setLinkedType(new FloatType(img));
		return img;
	}

	private static <T extends RealType<T> & NativeType<T>> Hyperstack<T> calibrated(ImagePlus imp,
		RandomAccessibleInterval<T> data)
	{
		Calibration cal = imp.getCalibration();
		double[] voxel = { validSize(cal.pixelWidth), validSize(cal.pixelHeight), validSize(cal.pixelDepth) };
		return new Hyperstack<>(data, voxel, normalizedUnit(cal.getUnit()), imp.getTitle());
	}

	static double validSize(double size) {
		return size > 0 && !Double.isInfinite(size) ? size : 1;
	}

	/** ImageJ writes micrometres as "micron" (and users type "um"); we use "µm" throughout. */
	static String normalizedUnit(String unit) {
		if (unit == null || unit.isBlank()) return Hyperstack.PIXEL_UNIT;
		String u = unit.trim();
		switch (u) {
			case "micron" :
			case "microns" :
			case "um" :
			case "\u00B5m" : // micro sign
			case "\u03BCm" : // Greek mu
				return "\u00B5m";
			case "pixels" :
				return Hyperstack.PIXEL_UNIT;
			default :
				return u;
		}
	}
}
