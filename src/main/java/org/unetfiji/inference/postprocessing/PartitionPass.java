package org.unetfiji.inference.postprocessing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.unetfiji.image.ops.ComponentLabelling;
import org.unetfiji.image.ops.Connectivity;
import org.unetfiji.image.ops.Partition;
import org.unetfiji.image.ops.PartitionLabelling;

/**
 * The instance pass of the watershed steps ({@link Watershed}, {@link Boundaries}): each plane's classes and
 * probabilities become boundary evidence, a mask and a seed region, which a {@link PartitionLabelling} labels by
 * slabs. The partition is made at the first plane, when the number of classes is known.
 */
final class PartitionPass implements PostprocessingStep.Pass {

	/** What a step makes of one plane. */
	interface Inputs {
		/** The partition for a model with this many classes. */
		Partition partition(int classes);

		/** Fills the evidence, mask and seed region of one plane. */
		void plane(int[] classes, float[][] probabilities, float[] evidence, byte[] mask, byte[] seedRegion);
	}

	private final Inputs inputs;
	private final int width;
	private final int height;
	private final double[] voxelSize;
	private final long minSize;
	private final Path spoolFolder;
	private PartitionLabelling labelling;

	PartitionPass(Inputs inputs, int width, int height, double[] voxelSize, long minSize, Path spoolFolder) {
		this.inputs = inputs;
		this.width = width;
		this.height = height;
		this.voxelSize = voxelSize.clone();
		this.minSize = minSize;
		this.spoolFolder = spoolFolder;
	}

	/** The instance stage of a step: passes with these inputs (isotropic voxels unless told). */
	static PostprocessingStep.Instances instances(Inputs inputs, long minSize) {
		return new PostprocessingStep.Instances() {
			@Override
			public PostprocessingStep.Pass start(int width, int height, Path spoolFolder) {
				return start(width, height, new double[]{ 1, 1, 1 }, spoolFolder);
			}

			@Override
			public PostprocessingStep.Pass start(int width, int height, double[] voxelSize, Path spoolFolder) {
				return new PartitionPass(inputs, width, height, voxelSize, minSize, spoolFolder);
			}
		};
	}

	/** The step's connectivity parameter ({@code face} or {@code full}). */
	static Connectivity connectivity(Parameters parameters) {
		return Connectivity.valueOf(parameters.choice("connectivity", "face", "full").toUpperCase(Locale.ROOT));
	}

	/** @throws IllegalArgumentException unless the parameter is a number from 0 to 1 */
	static double fraction(Parameters parameters, String name) {
		double value = parameters.number(name);
		if (!(value >= 0 && value <= 1)) throw parameters.invalid(name, "a number from 0 to 1");
		return value;
	}

	/** @throws IllegalArgumentException unless the parameter is a number of 0 or more */
	static double distance(Parameters parameters, String name) {
		double value = parameters.number(name);
		if (!(value >= 0 && value < 1e6)) throw parameters.invalid(name, "a distance in pixels, 0 or more");
		return value;
	}

	@Override
	public void addPlane(int[] classes, float[][] probabilities) throws IOException {
		if (labelling == null) labelling = new PartitionLabelling(inputs.partition(probabilities.length), width, height,
			voxelSize, minSize, PartitionLabelling.slabPlanes(width, height), spoolFolder);
		int plane = width * height;
		float[] evidence = new float[plane];
		byte[] mask = new byte[plane];
		byte[] seedRegion = new byte[plane];
		inputs.plane(classes, probabilities, evidence, mask, seedRegion);
		labelling.addPlane(evidence, mask, seedRegion);
	}

	@Override
	public void endFrame() throws IOException {
		if (labelling != null) labelling.endFrame();
	}

	@Override
	public int largestCount() {
		return labelling == null ? 0 : labelling.largestCount();
	}

	@Override
	public void relabel(ComponentLabelling.PlaneConsumer output) throws IOException {
		if (labelling != null) labelling.relabel(output);
	}

	@Override
	public void close() throws IOException {
		if (labelling != null) labelling.close();
	}
}
