package org.unetfiji.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * TensorFlow and PyTorch (DJL) in one JVM laid out as the ImageJ installation that the build populates
 * ({@code unet.test.app}): the plugin jar in {@code plugins/}, the host's jars (with the conflicting protobuf 4 and
 * libtensorflow 1.x) in {@code jars/}, both engines in {@code lib/unet-fiji-engine/}, loaded by the engine class
 * loader. DJL's own dependencies (gson, JNA, commons-compress, slf4j) come from the engine folder where the host
 * lacks them, as plain ImageJ does.
 */
class TorchScriptBesideTensorFlowIT {

	private static final Pattern DIFFERENCE = Pattern.compile("max difference (\\S+)");

	@Test
	void bothEnginesRunFromTheInstalledEngineFolder() throws IOException, InterruptedException {
		Path app = Path.of(System.getProperty("unet.test.app", "target/imagej-app")).toAbsolutePath();
		Path jar = Path.of(System.getProperty("unet.plugin.jar", "target/unet_fiji.jar"));
		assertTrue(Files.isDirectory(app.resolve("lib/unet-fiji-engine")), app + " has no engine folder");
		Path installed = app.resolve("plugins").resolve(jar.getFileName());
		Files.copy(jar, installed, StandardCopyOption.REPLACE_EXISTING);
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
			"-Dorg.bytedeco.javacpp.cachedir=" +
				System.getProperty("unet.cachedir", System.getProperty("user.home") + "/.cache/unet-fiji/javacpp"),
			"-cp", installed + ":" + app.resolve("jars") + "/*:" + Path.of("target/test-classes").toAbsolutePath(),
			BothEngines.class.getName()).redirectErrorStream(true);
		builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
		Path log = Files.createTempFile("both-engines", ".log");
		builder.redirectOutput(log.toFile());
		Process process = builder.start();
		if (!process.waitFor(300, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail("the engines did not finish in 300 s:\n" + Files.readString(log));
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		Files.delete(log);
		List<String> lines = output.lines().filter(line -> line.contains(" in unet-engine: max difference ")).toList();
		assertTrue(
			lines.size() == 2 && lines.get(0).startsWith("TensorFlow ") && lines.get(1).startsWith("PyTorch 2.7.1 "),
			output);
		for (String line : lines) {
			Matcher m = DIFFERENCE.matcher(line);
			assertTrue(m.find() && Double.parseDouble(m.group(1)) < 1e-4, line);
		}
		System.out.print(String.join("\n", lines) + "\n");
	}
}
