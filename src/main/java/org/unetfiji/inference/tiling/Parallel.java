package org.unetfiji.inference.tiling;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Loops over independent slices (planes, rows) on all cores when there is enough work: the steps before and after
 * the engine call (normalising a plane, copying a tile, blending and finishing planes) otherwise run on one core
 * while the others wait, which with a single tile or a single 2D plane is most of the pipeline's time.
 */
final class Parallel {

	/** Below this many values a loop stays on the calling thread. */
	private static final long MIN_WORK = 1 << 18;
	/** {@code -Dunet.pipeline.parallel=false} keeps every loop on its thread, to measure what the cores bring. */
	private static final boolean ENABLED = !"false".equals(System.getProperty("unet.pipeline.parallel"));

	private Parallel() {}

	/** Runs {@code body} for {@code 0 ≤ i < count}, in parallel when {@code work} (values touched) is large. */
	static void forEach(int count, long work, IntConsumer body) {
		if (!ENABLED || work < MIN_WORK || count < 2) for (int i = 0; i < count; i++)
			body.accept(i);
		else IntStream.range(0, count).parallel().forEach(body);
	}
}
