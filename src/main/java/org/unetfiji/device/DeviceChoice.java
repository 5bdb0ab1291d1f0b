package org.unetfiji.device;

import java.util.Locale;

/**
 * What the user asked to run on, {@code device=auto|cpu|gpu|gpu:N}: {@code auto} a GPU when one is usable and the CPU
 * otherwise, {@code cpu} the CPU even where a GPU is there, {@code gpu} GPU 0 and {@code gpu:N} GPU N (numbered as
 * CUDA numbers the GPUs it may use, which is nvidia-smi's order unless {@code CUDA_VISIBLE_DEVICES} says otherwise).
 * An explicit GPU that cannot be used is an error, never a silent fall-back to the CPU.
 *
 * @param kind what was asked for
 * @param gpu the GPU's number for {@link Kind#GPU}, otherwise 0
 */
public record DeviceChoice(Kind kind, int gpu) {

	/** The three kinds of choice. */
	public enum Kind {
		AUTO, CPU, GPU
	}

	/** The key of the parameter in every command. */
	public static final String KEY = "device";
	public static final DeviceChoice AUTO = new DeviceChoice(Kind.AUTO, 0);
	public static final DeviceChoice CPU = new DeviceChoice(Kind.CPU, 0);

	private static final String ALLOWED = "use device=auto, device=cpu, device=gpu or device=gpu:N with N = 0, 1, ... " +
		"(the GPU's number)";

	public DeviceChoice {
		if (gpu < 0 || kind != Kind.GPU && gpu != 0)
			throw new IllegalArgumentException("no GPU number " + gpu + " for " + kind);
	}

	/**
	 * Parses a {@code device=} value (case and surrounding spaces ignored); null means {@code auto}.
	 *
	 * @throws IllegalArgumentException with a one-line message saying what is allowed
	 */
	public static DeviceChoice parse(String text) {
		if (text == null) return AUTO;
		String value = text.trim().toLowerCase(Locale.ROOT);
		switch (value) {
			case "auto" :
				return AUTO;
			case "cpu" :
				return CPU;
			case "gpu" :
				return new DeviceChoice(Kind.GPU, 0);
			default :
				if (value.matches("gpu:\\d{1,4}"))
					return new DeviceChoice(Kind.GPU, Integer.parseInt(value.substring(4)));
				throw new IllegalArgumentException(KEY + "=" + text + " is not valid; " + ALLOWED);
		}
	}

	/** Whether a GPU was asked for explicitly ({@code gpu} or {@code gpu:N}). */
	public boolean isGpu() {
		return kind == Kind.GPU;
	}

	/** The value as the parameter writes it: {@code auto}, {@code cpu} or {@code gpu:N}. */
	@Override
	public String toString() {
		return kind == Kind.GPU ? "gpu:" + gpu : kind.name().toLowerCase(Locale.ROOT);
	}
}
