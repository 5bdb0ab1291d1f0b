package org.unetfiji.inference;

import java.io.IOException;
import java.nio.file.Path;

import org.unetfiji.image.PlaneSource;
import org.unetfiji.image.zarr.OmeZarrWriter;
import org.unetfiji.image.zarr.ZarrArray.DataType;

/**
 * Writes a segmentation while it is computed into one new OME-Zarr container {@code NAME.segmentation.zarr}: the
 * class probabilities as its image (float, one channel per class), the class labels and the instances as NGFF label
 * images {@code labels/labels} and {@code labels/instances} with nearest-neighbour pyramids; and
 * {@code NAME.overlay.png} beside it. The container gets its name only on {@link #commit()}.
 */
public final class SegmentationZarr implements SegmentationWriter {

	/** The suffix of the container's name. */
	public static final String SUFFIX = ".segmentation.zarr";

	private final Path folder;
	private final String name;
	private final PlaneSource image;
	private final OmeZarrWriter container;
	private final OmeZarrWriter.PlaneWriter probabilities;
	private final OmeZarrWriter.PlaneWriter labels;
	private OmeZarrWriter.PlaneWriter instances;
	private int[] overlayClasses;
	private OverlayPicture overlay;

	/**
	 * @param input the file or container segmented, never written into; null for an image from memory
	 */
	public SegmentationZarr(Path folder, String name, PlaneSource image, Path input, int classes) throws IOException {
		this.folder = folder;
		this.name = name;
		this.image = image;
		this.container = new OmeZarrWriter(folder.resolve(name + SUFFIX), image, input);
		try {
			probabilities = container.image("probabilities", classes, DataType.FLOAT32);
			labels = container.labels("labels", classes <= 256 ? DataType.UINT8 : DataType.UINT16);
		}
		catch (IOException | RuntimeException e) {
			container.close();
			throw e;
		}
	}

	@Override
	public void probabilities(int t, int z, float[][] p) throws IOException {
		probabilities.write(t, z, p);
	}

	@Override
	public void labels(int t, int z, int[] classes) throws IOException {
		labels.write(t, z, classes);
		if (OverlayPicture.pictures(image, t, z)) overlayClasses = classes;
	}

	@Override
	public void startInstances(int largestCount) throws IOException {
		instances = container.labels("instances", largestCount <= 0xffff ? DataType.UINT16 : DataType.UINT32);
	}

	@Override
	public void instances(int t, int z, int[] values) throws IOException {
		if (instances == null) throw new IllegalStateException("startInstances was not called");
		instances.write(t, z, values);
		if (OverlayPicture.pictures(image, t, z)) overlay = new OverlayPicture(image, overlayClasses, values.clone());
	}

	@Override
	public void commit() throws IOException {
		container.commit();
		overlay.writeTo(overlayOutput());
	}

	@Override
	public void close() throws IOException {
		container.close();
	}

	@Override
	public Path probabilitiesOutput() {
		return container.target();
	}

	@Override
	public Path labelsOutput() {
		return container.target().resolve("labels").resolve("labels");
	}

	@Override
	public Path instancesOutput() {
		return container.target().resolve("labels").resolve("instances");
	}

	@Override
	public Path overlayOutput() {
		return folder.resolve(name + ".overlay.png");
	}
}
