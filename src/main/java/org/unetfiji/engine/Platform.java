package org.unetfiji.engine;

import java.util.Locale;

/**
 * The operating system and processor that native libraries are built for, read from the {@code os.name} and
 * {@code os.arch} system properties. Each {@link EngineProvider} says for which platforms its libraries have natives
 * and where they lie in its jars; {@link EngineChoice} picks the engine from that, so that a platform without an
 * engine's natives (TensorFlow Java has none for Intel Macs) gets one clear message, or another engine, instead of
 * an {@link UnsatisfiedLinkError}.
 *
 * @param os the operating system
 * @param arch the processor architecture
 */
public record Platform(Os os, Arch arch) {

	/** Operating systems with different native library names. */
	public enum Os {
		LINUX, MACOS, WINDOWS, OTHER
	}

	/** Processor architectures that native libraries are built for. */
	public enum Arch {
		X86_64, ARM64, OTHER
	}

	public static final Platform LINUX_X86_64 = new Platform(Os.LINUX, Arch.X86_64);
	public static final Platform LINUX_ARM64 = new Platform(Os.LINUX, Arch.ARM64);
	public static final Platform MACOS_ARM64 = new Platform(Os.MACOS, Arch.ARM64);
	public static final Platform MACOS_X86_64 = new Platform(Os.MACOS, Arch.X86_64);
	public static final Platform WINDOWS_X86_64 = new Platform(Os.WINDOWS, Arch.X86_64);

	/** The platform of this JVM. */
	public static Platform current() {
		return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
	}

	/** The platform that the values of {@code os.name} and {@code os.arch} name, as Java reports them. */
	public static Platform of(String osName, String osArch) {
		String name = osName.toLowerCase(Locale.ROOT);
		Os os = name.startsWith("linux") ? Os.LINUX : name.startsWith("mac") || name.startsWith("darwin") ? Os.MACOS
			: name.startsWith("windows") ? Os.WINDOWS : Os.OTHER;
		Arch arch = switch (osArch.toLowerCase(Locale.ROOT)) {
			case "amd64", "x86_64", "x86-64", "x64" -> Arch.X86_64;
			case "aarch64", "arm64" -> Arch.ARM64;
			default -> Arch.OTHER;
		};
		return new Platform(os, arch);
	}

	/**
	 * The file name of a native library here, e.g. {@code libjnitensorflow.so}, {@code libjnitensorflow.dylib} or
	 * {@code jnitensorflow.dll} for {@code jnitensorflow}.
	 */
	public String libraryFile(String name) {
		return switch (os) {
			case WINDOWS -> name + ".dll";
			case MACOS -> "lib" + name + ".dylib";
			default -> "lib" + name + ".so";
		};
	}

	/**
	 * The name of this platform in the names of the Fiji bundle zips ({@code unet-fiji-VERSION-fiji-NAME.zip}):
	 * {@code linux-x86_64}, {@code linux-arm64}, {@code macos} (one zip for both kinds of Mac) or
	 * {@code windows-x86_64}; {@code null} for a platform without a bundle.
	 */
	public String bundle() {
		if (os == Os.MACOS) return "macos";
		if (os == Os.OTHER || arch == Arch.OTHER || os == Os.WINDOWS && arch != Arch.X86_64) return null;
		return os.name().toLowerCase(Locale.ROOT) + "-" + arch.name().toLowerCase(Locale.ROOT);
	}

	/** For messages, e.g. {@code macOS on Intel (x86-64)}. */
	@Override
	public String toString() {
		String system = switch (os) {
			case LINUX -> "Linux";
			case MACOS -> "macOS";
			case WINDOWS -> "Windows";
			case OTHER -> "this operating system";
		};
		String processor = switch (arch) {
			case X86_64 -> os == Os.MACOS ? "Intel (x86-64)" : "x86-64";
			case ARM64 -> os == Os.MACOS ? "Apple silicon (arm64)" : "arm64";
			case OTHER -> "this processor";
		};
		return system + " on " + processor;
	}
}
