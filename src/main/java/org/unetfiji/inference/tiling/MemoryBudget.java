package org.unetfiji.inference.tiling;

import java.lang.management.ManagementFactory;

/**
 * Memory that tiled inference may use.
 *
 * @param engineBytes activations of one engine call (tiles × per-voxel estimate of the network); native memory of
 *          the engine on the CPU, or the GPU's memory
 * @param bufferBytes Java heap for the slabs of input and blended output held while a 3D stack streams through
 */
public record MemoryBudget(long engineBytes, long bufferBytes) {

	/** Upper limit of the automatic engine budget on the CPU: larger tiles hardly run faster. */
	static final long MAX_CPU_ENGINE_BYTES = 2L << 30;

	public MemoryBudget {
		if (engineBytes <= 0 || bufferBytes <= 0) throw new IllegalArgumentException("memory budgets must be positive");
	}

	/**
	 * For the CPU: a quarter of the physical memory that the Java heap does not reserve (at least 256 MiB, at most
	 * 2 GiB) for the engine, and half of the free heap for buffers.
	 */
	public static MemoryBudget forCpu() {
		long physical = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getTotalMemorySize();
		Runtime runtime = Runtime.getRuntime();
		long engine = Math.max(256L << 20, Math.min(MAX_CPU_ENGINE_BYTES, (physical - runtime.maxMemory()) / 4));
		long freeHeap = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
		return new MemoryBudget(engine, Math.max(64L << 20, freeHeap / 2));
	}
}
