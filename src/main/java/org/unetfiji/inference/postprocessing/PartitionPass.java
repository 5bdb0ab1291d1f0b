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

	/** What a step makes of the planes of a model with some number of classes. */
	@FunctionalInterface
	interface Inputs {
		/** @throws IllegalArgumentException when the step cannot run on so many classes */
		Planes forClasses(int classes);
	}

	/** Fills the evidence, mask and seed region of one plane from its classes and probabilities. */
	@FunctionalInterface
	interface PlaneFilling {
		void fill(int[] classes, float[][] probabilities, float[] evidence, byte[] mask, byte[] seedRegion);
	}

	/** The partition of a step for a model, and how its planes become the partition's inputs. */
	record Planes(Partition partition, PlaneFilling filling) {}

	/**
	 * The instance stage of a watershed step: passes with these inputs (isotropic voxels unless told).
	 *
	 * @param slabPlanes core planes per slab; 0 for as many as a quarter of the free heap holds
	 */
	record Stage(Inputs inputs, long minSize, int slabPlanes) implements PostprocessingStep.Instances {

		@Override
		public PostprocessingStep.Pass start(int width, int height, Path spoolFolder) {
			return start(width, height, new double[]{ 1, 1, 1 }, spoolFolder);
		}

		@Override
		public PostprocessingStep.Pass start(int width, int height, double[] voxelSize, Path spoolFolder) {
			return new PartitionPass(this, width, height, voxelSize, spoolFolder);
		}

		/** The same stage streaming slabs of this many core planes (tests of the streaming). */
		Stage withSlabPlanes(int planes) {
			return new Stage(inputs, minSize, planes);
		}
	}

	private final Stage stage;
	private final int width;
	private final int height;
	private final double[] voxelSize;
	private final Path spoolFolder;
	private PartitionLabelling labelling;
	private PlaneFilling filling;

	private PartitionPass(Stage stage, int width, int height, double[] voxelSize, Path spoolFolder) {
		this.stage = stage;
		this.width = width;
		this.height = height;
		this.voxelSize = voxelSize.clone();
		this.spoolFolder = spoolFolder;
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
		if (labelling == null) {
			Planes planes = stage.inputs().forClasses(probabilities.length);
			filling = planes.filling();
			labelling = new PartitionLabelling(planes.partition(), width, height, voxelSize, stage.minSize(),
				stage.slabPlanes() > 0 ? stage.slabPlanes() : PartitionLabelling.slabPlanes(width, height),
				spoolFolder);
		}
		int plane = width * height;
		float[] evidence = new float[plane];
		byte[] mask = new byte[plane];
		byte[] seedRegion = new byte[plane];
		filling.fill(classes, probabilities, evidence, mask, seedRegion);
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
