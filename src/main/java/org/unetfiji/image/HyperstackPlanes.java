package org.unetfiji.image;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** {@link PlaneSource} over a {@link Hyperstack}. */
final class HyperstackPlanes implements PlaneSource {

	private final Hyperstack<?> image;

	HyperstackPlanes(Hyperstack<?> image) {
		if (image.sizeX() * image.sizeY() > Integer.MAX_VALUE)
			throw new IllegalArgumentException("planes larger than 2^31 pixels are not supported: " + image);
		this.image = image;
	}

	@Override
	public long[] dimensions() {
		return image.data().dimensionsAsLongArray();
	}

	@Override
	public int bitDepth() {
		Object type = image.type();
		return type instanceof UnsignedByteType ? 8 : type instanceof UnsignedShortType ? 16 : 32;
	}

	@Override
	public void read(int c, int z, int t, float[] target) {
		if (readArray(c, z, t, target)) return;
		var plane = Views.hyperSlice(
			Views.hyperSlice(Views.hyperSlice(image.data(), Hyperstack.AXIS_T, t), Hyperstack.AXIS_Z, z),
			Hyperstack.AXIS_C, c);
		var cursor = Views.flatIterable(plane).cursor();
		for (int i = 0; cursor.hasNext(); i++)
			target[i] = cursor.next().getRealFloat();
	}

	/**
	 * Reads a plane straight from the array of an {@link ArrayImg} of the common pixel types (a cursor over a view
	 * costs about ten times as much per pixel); false for other images.
	 */
	private boolean readArray(int c, int z, int t, float[] target) {
		if (!(image.data() instanceof ArrayImg<?, ?> img) || !(img.update(null) instanceof ArrayDataAccess<?> access))
			return false;
		int pixels = target.length;
		int offset = Math.toIntExact(pixels * (c + image.sizeC() * (z + image.sizeZ() * t)));
		Object type = image.type();
		Object storage = access.getCurrentStorageArray();
		if (type instanceof UnsignedByteType && storage instanceof byte[] bytes) {
			for (int i = 0; i < pixels; i++)
				target[i] = bytes[offset + i] & 0xff;
		}
		else if (type instanceof UnsignedShortType && storage instanceof short[] shorts) {
			for (int i = 0; i < pixels; i++)
				target[i] = shorts[offset + i] & 0xffff;
		}
		else if (type instanceof FloatType && storage instanceof float[] floats)
			System.arraycopy(floats, offset, target, 0, pixels);
		else return false;
		return true;
	}

	@Override
	public double[] voxelSize() {
		return image.voxelSize();
	}

	@Override
	public String unit() {
		return image.unit();
	}

	@Override
	public String name() {
		return image.name();
	}
}
