package org.unetfiji.image.ops;

import org.unetfiji.image.PlaneSource;

/**
 * How the tiles of one frame are normalised: per channel, a range mapped to {@code [0, 1]}, found once over the
 * whole frame so that all its tiles agree.
 */
public interface FrameNormalization {

	/** Per channel, the range mapped to {@code [0, 1]} for frame {@code t}. */
	PercentileNormalizer.Range[] ranges(PlaneSource source, int t);
}
