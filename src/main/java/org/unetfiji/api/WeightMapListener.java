package org.unetfiji.api;

import java.nio.file.Path;

/** What a weight map reports; the map itself is what {@link WeightMapTask#run} returns. */
public interface WeightMapListener extends ProgressListener {

	/** The weight map was saved to {@code file}. */
	default void written(Path file) {}
}
