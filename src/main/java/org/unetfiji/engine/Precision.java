package org.unetfiji.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The arithmetic an engine runs a network in ({@code precision=}): {@code float32}, the default, or {@code bfloat16}
 * (8-bit mantissa, float32's range), which TensorFlow's oneDNN kernels run on CPUs with AVX512-BF16 or AMX instead of
 * float32 where that is safe (auto mixed precision), keeping inputs, outputs and sums of the softmax in float32.
 */
public enum Precision {
	FLOAT32, BFLOAT16;

	/** The {@code key=value} name. */
	public static final String KEY = "precision";

	/** Parses {@code float32} or {@code bfloat16}. */
	public static Precision parse(String text) {
		for (Precision precision : values())
			if (precision.toString().equals(text.trim().toLowerCase(Locale.ROOT))) return precision;
		throw new IllegalArgumentException("precision=" + text + " is not known; use precision=float32 or bfloat16");
	}

	/** Whether this machine's CPU has bfloat16 instructions (AVX512-BF16 or AMX-BF16), from /proc/cpuinfo. */
	public static boolean cpuHasBfloat16() {
		try {
			return hasBfloat16(Files.readString(Path.of("/proc/cpuinfo")));
		}
		catch (IOException | RuntimeException e) {
			return false;
		}
	}

	/** Whether the {@code flags} of a /proc/cpuinfo text name bfloat16 instructions. */
	static boolean hasBfloat16(String cpuinfo) {
		return cpuinfo.lines().anyMatch(
			line -> line.startsWith("flags") && (line.contains(" avx512_bf16") || line.contains(" amx_bf16")));
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
