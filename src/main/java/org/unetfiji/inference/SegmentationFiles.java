package org.unetfiji.inference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.unetfiji.image.PlaneSource;
import org.unetfiji.image.TiffStackWriter;
import org.unetfiji.image.TiffStackWriter.Format;

/**
 * Writes a segmentation while it is computed, as {@code ./unet segment} names its outputs:
 * {@code NAME.probabilities.tif} (float, one channel per class), {@code NAME.labels.tif} (class per voxel),
 * {@code NAME.instances.tif} (16-bit, or 32-bit beyond 65535 instances) and {@code NAME.overlay.png} (the middle
 * slice of the first frame). Nothing is held but the overlay's plane; the files get their names only on
 * {@link #commit()}, so a cancelled or failed run leaves none of them half-written.
 */
public final class SegmentationFiles implements SegmentationWriter {

	private final Path folder;
	private final String name;
	private final PlaneSource image;
	private final Path input;
	private final TiffStackWriter probabilities;
	private final TiffStackWriter labels;
	private final Format labelFormat;
	private TiffStackWriter instances;
	private Format instanceFormat;
	private int[] overlayClasses;
	private OverlayPicture overlay;

	/**
	 * @param input the file segmented, never overwritten; null for an image from memory
	 */
	public SegmentationFiles(Path folder, String name, PlaneSource image, Path input, int classes) throws IOException {
		this.folder = folder;
		this.name = name;
		this.image = image;
		this.input = input;
		long[] dims = image.dimensions();
		this.probabilities = TiffStackWriter.create(file("probabilities.tif"), input,
			new long[]{ dims[0], dims[1], classes, dims[3], dims[4] }, Format.FLOAT32, image, 1);
		this.labelFormat = classes <= 256 ? Format.UINT8 : Format.UINT16;
		try {
			this.labels = TiffStackWriter.create(file("labels.tif"), input, planeDimensions(), labelFormat, image,
				classes - 1);
		}
		catch (IOException | RuntimeException e) {
			probabilities.close();
			throw e;
		}
	}

	/** The output file with this suffix. */
	public Path file(String suffix) {
		return folder.resolve(name + "." + suffix);
	}

	@Override
	public void probabilities(int t, int z, float[][] p) throws IOException {
		for (float[] plane : p)
			probabilities.write(plane);
	}

	@Override
	public void labels(int t, int z, int[] classes) throws IOException {
		labels.write(labelFormat == Format.UINT8 ? toBytes(classes) : toShorts(classes));
		if (OverlayPicture.pictures(image, t, z)) overlayClasses = classes;
	}

	@Override
	public void startInstances(int largestCount) throws IOException {
		if (largestCount > 1 << 24) throw new IOException(
			largestCount + " instances are more than a 32-bit ImageJ " + "image numbers exactly; raise min-size=");
		instanceFormat = largestCount <= 0xffff ? Format.UINT16 : Format.FLOAT32;
		instances = TiffStackWriter.create(file("instances.tif"), input, planeDimensions(), instanceFormat, image,
			largestCount);
	}

	@Override
	public void instances(int t, int z, int[] values) throws IOException {
		if (instances == null) throw new IllegalStateException("startInstances was not called");
		instances.write(instanceFormat == Format.UINT16 ? toShorts(values) : toFloats(values));
		if (OverlayPicture.pictures(image, t, z)) overlay = new OverlayPicture(image, overlayClasses, values.clone());
	}

	/** Gives every file its name and writes the overlay picture. */
	@Override
	public void commit() throws IOException {
		for (TiffStackWriter writer : List.of(probabilities, labels, instances))
			writer.commit();
		overlay.writeTo(file("overlay.png"));
	}

	@Override
	public Path probabilitiesOutput() {
		return file("probabilities.tif");
	}

	@Override
	public Path labelsOutput() {
		return file("labels.tif");
	}

	@Override
	public Path instancesOutput() {
		return file("instances.tif");
	}

	@Override
	public Path overlayOutput() {
		return file("overlay.png");
	}

	/** Deletes the files not committed. */
	@Override
	public void close() throws IOException {
		probabilities.close();
		labels.close();
		if (instances != null) instances.close();
	}

	private long[] planeDimensions() {
		long[] dims = image.dimensions();
		return new long[]{ dims[0], dims[1], 1, dims[3], dims[4] };
	}

	private static byte[] toBytes(int[] values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++)
			bytes[i] = (byte) values[i];
		return bytes;
	}

	private static short[] toShorts(int[] values) {
		short[] shorts = new short[values.length];
		for (int i = 0; i < values.length; i++)
			shorts[i] = (short) values[i];
		return shorts;
	}

	private static float[] toFloats(int[] values) {
		float[] floats = new float[values.length];
		for (int i = 0; i < values.length; i++)
			floats[i] = values[i];
		return floats;
	}
}
