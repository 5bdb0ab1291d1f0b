package org.unetfiji.inference.postprocessing;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import org.unetfiji.image.ops.ComponentLabelling;
import org.unetfiji.image.ops.Connectivity;

/**
 * {@code components}: instances are the connected components of every class but the first (voxels join when they
 * are neighbours and share a class; {@code connectivity} {@code face}, the default, or {@code full}), numbered 1, 2,
 * ... per frame in raster order, those smaller than {@code min_size} voxels (default 0) removed. The default
 * instance step; spools to disk so that stacks larger than memory are labelled.
 */
public final class Components implements PostprocessingStep {

	public static final String KEY = "components";
	/** The parameter that {@code min-size=} sets. */
	public static final String MIN_SIZE = "min_size";

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public Map<String, Object> defaults() {
		return Map.of(MIN_SIZE, 0, "connectivity", "face");
	}

	@Override
	public Stage create(Parameters parameters) {
		long minSize = parameters.whole(MIN_SIZE, 0);
		Connectivity connectivity = Connectivity
			.valueOf(parameters.choice("connectivity", "face", "full").toUpperCase(Locale.ROOT));
		return (Instances) (width, height,
			spoolFolder) -> pass(spoolFolder == null ? new ComponentLabelling(width, height, connectivity, minSize)
				: new ComponentLabelling(width, height, connectivity, minSize, spoolFolder));
	}

	private static Pass pass(ComponentLabelling labelling) {
		return new Pass() {
			@Override
			public void addPlane(int[] classes, float[][] probabilities) throws IOException {
				labelling.addPlane(classes);
			}

			@Override
			public void endFrame() {
				labelling.endFrame();
			}

			@Override
			public int largestCount() {
				return labelling.largestCount();
			}

			@Override
			public void relabel(ComponentLabelling.PlaneConsumer output) throws IOException {
				labelling.relabel(output);
			}

			@Override
			public void close() throws IOException {
				labelling.close();
			}
		};
	}
}
