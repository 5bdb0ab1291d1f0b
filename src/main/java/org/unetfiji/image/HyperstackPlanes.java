package org.unetfiji.image;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
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
		var plane = Views.hyperSlice(
			Views.hyperSlice(Views.hyperSlice(image.data(), Hyperstack.AXIS_T, t), Hyperstack.AXIS_Z, z),
			Hyperstack.AXIS_C, c);
		var cursor = Views.flatIterable(plane).cursor();
		for (int i = 0; cursor.hasNext(); i++)
			target[i] = cursor.next().getRealFloat();
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
