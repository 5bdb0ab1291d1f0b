package org.unetfiji.device;

import java.util.List;
import java.util.Locale;

/**
 * The device a network really runs on, as the engine's session lists it, described for the log: e.g.
 * {@code CPU (TensorFlow CPU build, 8 cores)} or {@code GPU 0 (NVIDIA H100 80GB HBM3, 80 GiB)}.
 *
 * @param gpu the GPU's number as {@code device=gpu:N} counts it, or -1 for the CPU
 * @param name the GPU's name; for the CPU, what runs there (e.g. {@code TensorFlow CPU build, 8 cores})
 * @param memoryBytes the GPU's memory (total, from nvidia-smi; else the engine's limit for it); 0 for the CPU
 * @param smiId how nvidia-smi names the GPU ({@code -i} argument: index or UUID); null for the CPU
 * @param note for the CPU chosen by {@code device=auto}: why no GPU is used; otherwise null
 */
public record Device(int gpu, String name, long memoryBytes, String smiId, String note) {

	/** The CPU, with what runs there and, for {@code device=auto}, why no GPU is used (or null). */
	public static Device cpu(String name, String note) {
		return new Device(-1, name, 0, null, note);
	}

	public boolean isGpu() {
		return gpu >= 0;
	}

	/**
	 * The device lines of a log: {@code device: ...}, and where there is a note (for {@code device=auto} on the
	 * CPU, why no GPU is used) {@code device=CHOICE: note}.
	 */
	public List<String> logLines(DeviceChoice choice) {
		String line = "device: " + describe();
		return note == null ? List.of(line) : List.of(line, DeviceChoice.KEY + "=" + choice + ": " + note);
	}

	/** One line for the log, e.g. {@code GPU 0 (NVIDIA H100 80GB HBM3, 80 GiB)}. */
	public String describe() {
		if (!isGpu()) return "CPU (" + name + ")";
		return "GPU " + gpu + " (" + name + (memoryBytes > 0 ? ", " + gib(memoryBytes) : "") + ")";
	}

	/** Bytes as GiB for messages: {@code 80 GiB}, {@code 7.5 GiB}. */
	public static String gib(long bytes) {
		double gib = bytes / (double) (1L << 30);
		return String.format(Locale.ROOT, gib >= 10 ? "%.0f GiB" : "%.1f GiB", gib);
	}
}
