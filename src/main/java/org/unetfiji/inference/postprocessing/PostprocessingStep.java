package org.unetfiji.inference.postprocessing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.unetfiji.image.ops.ComponentLabelling;

/**
 * A post-processing step as a plug-in: it turns the tiler's probability planes into class labels, or class labels
 * into instances, and is chosen by its {@link #key()} in a model package's {@code config.unet.postprocessing} (see
 * {@link Postprocessing}).
 * <p>
 * Steps are found with {@link java.util.ServiceLoader}, not SciJava's {@code @Plugin}: segmentation runs without a
 * SciJava {@code Context} (the command line, the core API, tests), and a service file needs nothing but the class
 * path, as the engine providers do. A new step is one class implementing this interface, with a public no-argument
 * constructor, and its name on a line of {@code META-INF/services/org.unetfiji.inference.postprocessing
 * .PostprocessingStep}.
 */
public interface PostprocessingStep {

	/** The name of this step in {@code config.unet.postprocessing}, e.g. {@code threshold}. */
	String key();

	/** Every parameter this step takes, with its default value (plain data: numbers, text, booleans). */
	Map<String, Object> defaults();

	/**
	 * This step with these parameters (the defaults, overridden by the recorded or given ones).
	 *
	 * @throws IllegalArgumentException for a value out of range
	 */
	Stage create(Parameters parameters);

	/** What a configured step does; each kind has one place in the chain. */
	sealed interface Stage {}

	/** Turns one plane of class probabilities into class labels (the labels output). */
	non-sealed interface Classes extends Stage {

		/** @throws IllegalArgumentException when this step cannot label the planes of a model with so many classes */
		default void check(int classes) {}

		/**
		 * @param probabilities {@code [class][pixel]}, X fastest
		 * @return the class of each pixel
		 */
		int[] classes(float[][] probabilities);
	}

	/** Finds instances in the class labels, plane by plane; their numbers are final once every frame is seen. */
	non-sealed interface Instances extends Stage {

		/** @param spoolFolder where a pass may keep what does not fit in memory until {@link Pass#relabel} */
		Pass start(int width, int height, Path spoolFolder) throws IOException;

		/**
		 * As {@link #start(int, int, Path)}, for steps that measure distances.
		 *
		 * @param voxelSize {x, y, z} in any one unit (only their ratios count)
		 */
		default Pass start(int width, int height, double[] voxelSize, Path spoolFolder) throws IOException {
			return start(width, height, spoolFolder);
		}
	}

	/** One run of an {@link Instances} step over a stack, frame by frame. */
	interface Pass extends AutoCloseable {

		/**
		 * Adds the next plane of the current frame (planes in z order). Neither array may be kept past the next
		 * call without a copy.
		 */
		void addPlane(int[] classes, float[][] probabilities) throws IOException;

		/** Ends the current frame; the next plane starts a new one. */
		void endFrame() throws IOException;

		/** The most instances in any finished frame. */
		int largestCount();

		/** Hands every plane of every finished frame to {@code output} with its final instance numbers. */
		void relabel(ComponentLabelling.PlaneConsumer output) throws IOException;

		@Override
		void close() throws IOException;
	}
}
