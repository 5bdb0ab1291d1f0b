package org.unetfiji.ij1;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs real ImageJ 1.x ({@code ij.jar}) in its own JVM on a virtual display ({@code xvfb-run}), or on the display
 * of the desktop ({@code DISPLAY}) where there is no {@code xvfb-run}, against the ImageJ folder that the build
 * installed the plugin into ({@code unet.test.app}, see pom.xml). With neither, the tests that need it are skipped
 * with a warning, so that {@code mvn verify} passes with Java and Maven alone; under CI (the environment variable
 * {@code CI}, or {@code -Dunet.imagej.required=true} as {@code .ci/run} passes) they fail instead.
 */
final class ImageJProcess {

	static final Path APP = Path.of(System.getProperty("unet.test.app", "target/imagej-app")).toAbsolutePath();
	private static final long TIMEOUT_SECONDS = 300;

	private static boolean warned;

	private ImageJProcess() {}

	/**
	 * Skips the calling test (a loud warning on the console says what and how to run it) when ImageJ cannot get a
	 * display: no {@code xvfb-run} on the PATH and no {@code DISPLAY}; fails instead when a display is required.
	 */
	static void requireDisplay(String what) {
		if (hasDisplay()) return;
		String missing = "xvfb-run is missing (and there is no DISPLAY); install the Debian package xvfb (.ci/run does)";
		if (required()) fail(missing + "; the ImageJ integration tests are required here (CI or unet.imagej.required)");
		String banner = "!".repeat(100);
		System.out.println(warned ? "SKIPPED " + what + ": no display (see the warning above)"
			: "\n" + banner + "\nSKIPPED " + what + " and the other ImageJ integration tests (ExampleMacrosIT, " +
				"RecorderIT, BundleIT's install test): real ImageJ needs a display.\n" + missing +
				",\nthen run them with: mvn -B verify (or one: mvn -B verify -Dit.test=" + what + ")\n" + banner);
		warned = true;
		abort("SKIPPED " + what + ": " + missing);
	}

	static boolean hasDisplay() {
		return display() != null;
	}

	/** Whether a missing display is an error: under CI, or when asked for with {@code -Dunet.imagej.required=true}. */
	private static boolean required() {
		String ci = System.getenv("CI");
		return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") ||
			Boolean.getBoolean("unet.imagej.required");
	}

	/** The command that gives ImageJ a display: xvfb-run's; none (empty) on a desktop; null where there is none. */
	private static List<String> display() {
		if (onPath("xvfb-run")) return List.of("xvfb-run", "-a", "-s", "-screen 0 1280x800x24");
		String desktop = System.getenv("DISPLAY");
		return desktop != null && !desktop.isBlank() ? List.of() : null;
	}

	/**
	 * Readies the ImageJ folder: the plugin jar just built replaces the installed one (Maven skips populate-app
	 * offline, which would leave an older jar), and the bundled models go into {@code models/}, where the plugin
	 * looks for them.
	 */
	static void install(Path app) throws IOException {
		Path jar = Path.of(System.getProperty("unet.plugin.jar", "target/unet_fiji.jar"));
		assertTrue(Files.isDirectory(app.resolve("jars")), app + " was not populated: run mvn verify online once");
		Files.copy(jar, app.resolve("plugins").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
		installModels(app);
	}

	private static void installModels(Path app) throws IOException {
		Path source = Path.of("models").toAbsolutePath();
		try (var paths = Files.walk(source)) {
			for (Path p : paths.toList()) {
				Path target = app.resolve("models").resolve(source.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(target);
				else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

	/** {@code java -jar ij.jar -ijpath APP -batch MACRO ARGUMENT}: what the macro printed, and ImageJ's messages. */
	static String runMacro(Path app, Path macro, String argument) throws IOException, InterruptedException {
		return run(List.of("-jar", app.resolve("ij.jar").toString(), "-ijpath", app.toString(), "-batch",
			macro.toAbsolutePath().toString(), argument));
	}

	/**
	 * Runs {@code java ARGUMENTS} on a display ({@link #requireDisplay}); fails the test when it does not end in
	 * time.
	 */
	static String run(List<String> javaArguments) throws IOException, InterruptedException {
		requireDisplay("the ImageJ integration tests");
		List<String> command = new ArrayList<>(display());
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g",
			"-Dorg.bytedeco.javacpp.cachedir=" +
				System.getProperty("unet.cachedir", System.getProperty("user.home") + "/.cache/unet-fiji/javacpp")));
		command.addAll(javaArguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
		Path log = Files.createTempFile("imagej", ".log");
		builder.redirectOutput(log.toFile());
		Process process = builder.start();
		if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			fail("ImageJ did not finish in " + TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		Files.delete(log);
		return output;
	}

	private static boolean onPath(String program) {
		for (String folder : System.getenv().getOrDefault("PATH", "").split(":"))
			if (Files.isExecutable(Path.of(folder, program))) return true;
		return false;
	}
}
