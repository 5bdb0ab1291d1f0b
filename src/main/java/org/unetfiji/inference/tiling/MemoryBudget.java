package org.unetfiji.inference.tiling;

import java.lang.management.ManagementFactory;
import java.util.function.Consumer;

import org.unetfiji.device.Device;
import org.unetfiji.device.NvidiaSmi;

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
	/**
	 * Share of the GPU's free memory planned for activations; the rest is for the weights, cuDNN's workspaces,
	 * TensorFlow's allocator and whatever else runs on the GPU.
	 */
	static final double GPU_SHARE = 0.5;
	/**
	 * Upper limit of the automatic engine budget on a GPU: it keeps every tensor of a call below 2^31 elements, the
	 * limit of many GPU kernels (a call's largest tensor has fewer elements than a quarter of the bytes the budget
	 * counts), and tiles of this size should already keep a large GPU busy.
	 */
	static final long MAX_GPU_ENGINE_BYTES = 8L << 30;
	private static final long MIN_ENGINE_BYTES = 256L << 20;

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
		long engine = Math.max(MIN_ENGINE_BYTES,
			Math.min(MAX_CPU_ENGINE_BYTES, (physical - Runtime.getRuntime().maxMemory()) / 4));
		return new MemoryBudget(engine, heapBuffer());
	}

	/**
	 * For a GPU with {@code freeBytes} of free memory: {@value #GPU_SHARE} of it (at least 256 MiB, at most 8 GiB) for
	 * the engine, and half of the free heap for buffers, as on the CPU.
	 */
	public static MemoryBudget forGpu(long freeBytes) {
		return new MemoryBudget(
			Math.max(MIN_ENGINE_BYTES, Math.min(MAX_GPU_ENGINE_BYTES, (long) (freeBytes * GPU_SHARE))), heapBuffer());
	}

	/**
	 * For the device a network runs on: on a GPU from its free memory as nvidia-smi tells it now, or, when nvidia-smi
	 * cannot tell, from the memory the device was described with; {@code notes} receives one line saying which.
	 */
	public static MemoryBudget forDevice(Device device, Consumer<String> notes) {
		if (!device.isGpu()) return forCpu();
		NvidiaSmi.Query query = NvidiaSmi.query(device.smiId());
		if (query.problem() == null && query.gpus().size() == 1) {
			NvidiaSmi.Gpu gpu = query.gpus().get(0);
			MemoryBudget budget = forGpu(gpu.freeBytes());
			notes.accept("GPU memory: " + Device.gib(gpu.freeBytes()) + " free of " + Device.gib(gpu.totalBytes()) +
				"; tiles planned for " + Device.gib(budget.engineBytes()));
			return budget;
		}
		MemoryBudget budget = forGpu(device.memoryBytes());
		notes.accept("GPU free memory unknown (" +
			(query.problem() != null ? query.problem()
				: "nvidia-smi lists " + query.gpus().size() + " GPUs for " + device.smiId()) +
			"); tiles planned for " + Device.gib(budget.engineBytes()) + " of the GPU's " +
			Device.gib(device.memoryBytes()));
		return budget;
	}

	/** Half of the heap not in use now, at least 64 MiB. */
	private static long heapBuffer() {
		Runtime runtime = Runtime.getRuntime();
		long freeHeap = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
		return Math.max(64L << 20, freeHeap / 2);
	}
}
