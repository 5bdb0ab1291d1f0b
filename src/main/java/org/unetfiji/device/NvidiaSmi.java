package org.unetfiji.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the NVIDIA driver says about the GPUs, through {@code nvidia-smi} (installed with the driver): names, total and
 * free memory. TensorFlow cannot tell free memory, which tile planning needs.
 */
public final class NvidiaSmi {

	/** One GPU as nvidia-smi lists it. */
	public record Gpu(int index, String name, long totalBytes, long freeBytes) {}

	/**
	 * nvidia-smi's answer: the GPUs, or why there is none to list.
	 *
	 * @param problem null when nvidia-smi answered, else one line: not installed, failed (its message), output not
	 *          understood
	 */
	public record Query(List<Gpu> gpus, String problem) {

		public Query {
			gpus = List.copyOf(gpus);
		}
	}

	/** The {@code --query-gpu} fields, in the order {@link #parse} reads them. */
	static final String FIELDS = "index,name,memory.total,memory.free";
	private static final long MIB = 1L << 20;
	private static final long TIMEOUT_S = 20;

	private NvidiaSmi() {}

	/**
	 * Asks nvidia-smi about one GPU, or all when {@code id} is null.
	 *
	 * @param id nvidia-smi's {@code -i}: an index or a UUID
	 */
	public static Query query(String id) {
		List<String> command = new ArrayList<>(
			List.of("nvidia-smi", "--query-gpu=" + FIELDS, "--format=csv,noheader,nounits"));
		if (id != null) command.addAll(List.of("-i", id));
		String output;
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] bytes = process.getInputStream().readAllBytes();
			if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return new Query(List.of(), "nvidia-smi did not answer within " + TIMEOUT_S + " s");
			}
			output = new String(bytes, StandardCharsets.UTF_8).strip();
			if (process.exitValue() != 0) return new Query(List.of(), "nvidia-smi failed: " + firstLine(output));
		}
		catch (IOException e) {
			return new Query(List.of(), "nvidia-smi not found (it comes with the NVIDIA driver)");
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return new Query(List.of(), "interrupted while asking nvidia-smi");
		}
		try {
			return new Query(parse(output), null);
		}
		catch (IllegalArgumentException e) {
			return new Query(List.of(), e.getMessage());
		}
	}

	/**
	 * Parses {@code nvidia-smi --query-gpu=index,name,memory.total,memory.free --format=csv,noheader,nounits}: one
	 * line per GPU, e.g. {@code 0, NVIDIA H100 80GB HBM3, 81559, 81080} (memory in MiB).
	 *
	 * @throws IllegalArgumentException when a line is not of that form (e.g. {@code [N/A]} memory)
	 */
	public static List<Gpu> parse(String output) {
		List<Gpu> gpus = new ArrayList<>();
		for (String line : output.strip().split("\\R")) {
			if (line.isBlank()) continue;
			String[] fields = line.split(",");
			if (fields.length < 4)
				throw new IllegalArgumentException("nvidia-smi output not understood: " + line.strip());
			String name = String.join(",", List.of(fields).subList(1, fields.length - 2)).strip();
			try {
				gpus.add(new Gpu(Integer.parseInt(fields[0].strip()), name,
					Long.parseLong(fields[fields.length - 2].strip()) * MIB,
					Long.parseLong(fields[fields.length - 1].strip()) * MIB));
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException(
					"nvidia-smi gives no memory figures for " + name + ": " + line.strip());
			}
		}
		return gpus;
	}

	/**
	 * How nvidia-smi names the GPU that CUDA numbers {@code gpu}: CUDA counts only the GPUs that
	 * {@code CUDA_VISIBLE_DEVICES} lists (indices or UUIDs), nvidia-smi all of them.
	 *
	 * @param cudaVisibleDevices the variable's value, or null when it is not set
	 * @return the index or UUID for {@code nvidia-smi -i}, or null when the variable lists no such GPU
	 */
	public static String physicalId(int gpu, String cudaVisibleDevices) {
		if (cudaVisibleDevices == null) return Integer.toString(gpu);
		String[] visible = cudaVisibleDevices.split(",");
		if (cudaVisibleDevices.isBlank() || gpu >= visible.length) return null;
		return visible[gpu].strip();
	}

	private static String firstLine(String text) {
		return text.isEmpty() ? "(no output)" : text.lines().findFirst().orElse("").strip();
	}
}
