package org.unetfiji.ij1;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.engine.EngineChoice;
import org.unetfiji.engine.EngineProvider;
import org.unetfiji.engine.Platform;
import org.unetfiji.engine.onnx.OnnxEngineProvider;
import org.unetfiji.engine.pytorch.TorchScriptEngineProvider;
import org.unetfiji.engine.tensorflow.TensorFlowEngineProvider;

/**
 * The Fiji bundles that {@code mvn package} writes, one zip per platform ({@code target/unet-fiji-VERSION-fiji-
 * PLATFORM.zip}): each holds the plugin, its libraries, the models, and the engines with the native libraries of
 * its platform, where each engine provider looks for them (the macOS zip serves both kinds of Mac: TensorFlow and
 * PyTorch for Apple silicon, ONNX Runtime for both); unpacked into an empty ImageJ folder beside {@code ij.jar},
 * this machine's zip runs the line the macro recorder writes for U-Net Segment.
 */
class BundleIT {

	private static final String BUNDLE = System.getProperty("unet.bundle", "target/unet-fiji-fiji");
	private static final List<String> PLATFORMS = List
		.of(System.getProperty("unet.bundle.platforms", "linux-x86_64,linux-arm64,macos,windows-x86_64").split(","));
	private static final String ENGINE = "lib/unet-fiji-engine/";
	private static final List<EngineProvider> ENGINES = List.of(new TensorFlowEngineProvider(),
		new OnnxEngineProvider(), new TorchScriptEngineProvider());

	@TempDir
	Path work;

	@Test
	void eachPlatformsZipHoldsThePluginTheModelsAndItsNativesOnly() throws IOException {
		StringBuilder listing = new StringBuilder("natives in the bundles:\n");
		for (String bundle : PLATFORMS) {
			Path zipFile = zip(bundle);
			List<String> names = new ArrayList<>();
			try (ZipFile zip = new ZipFile(zipFile.toFile())) {
				for (ZipEntry entry : Collections.list(zip.entries()))
					names.add(entry.getName());
				List<String> engineEntries = engineJarEntries(zip);
				List<Platform> served = EngineChoice.KNOWN.stream().filter(p -> bundle.equals(p.bundle())).toList();
				assertTrue(!served.isEmpty(), bundle);
				for (Platform platform : served)
					for (EngineProvider engine : ENGINES) {
						if (!engine.natives().runsOn(platform)) continue;
						List<String> found = engine.natives().paths(platform).stream().filter(engineEntries::contains)
							.toList();
						assertTrue(!found.isEmpty(), zipFile.getFileName() + " lacks " + engine.title() + "'s " +
							engine.natives().paths(platform) + " for " + platform);
						listing.append(String.format("  %-50s %-31s %-14s %s%n", zipFile.getFileName(), platform,
							engine.title(), found.get(0)));
					}
				for (Platform other : EngineChoice.KNOWN)
					if (!bundle.equals(other.bundle()))
						for (EngineProvider engine : List.of(ENGINES.get(0), ENGINES.get(2)))
						assertTrue(engine.natives().paths(other).stream().noneMatch(engineEntries::contains),
							zipFile.getFileName() + " holds " + engine.title() + "'s natives for " + other);
			}
			for (String expected : List.of("models/em-membranes-2d/rdf.yaml", "models/nuclei-3d/rdf.yaml",
				"jars/snakeyaml-2.3.jar", ENGINE + "tensorflow-core-api-1.1.0.jar", ENGINE + "onnxruntime-1.21.1.jar",
				ENGINE + "pytorch-engine-0.36.0.jar"))
				assertTrue(names.contains(expected), expected + " is not in " + zipFile + ": " + names);
			assertTrue(names.stream().anyMatch(n -> n.matches("plugins/unet_fiji-.*\\.jar")), names.toString());
			assertTrue(
				names.stream().noneMatch(n -> n.startsWith("jars/") && n.matches(".*(tensorflow|djl|pytorch).*")),
				"the engines stay off ImageJ's class path: " + names);
		}
		System.out.print(listing);
	}

	private static Path zip(String bundle) {
		return Path.of(BUNDLE + "-" + bundle + ".zip");
	}

	/** The entries of every jar in the bundle's engine folder (read from their central directories). */
	private List<String> engineJarEntries(ZipFile zip) throws IOException {
		List<String> entries = new ArrayList<>();
		Path copy = work.resolve("engine.jar");
		for (ZipEntry jar : Collections.list(zip.entries())) {
			if (!jar.getName().startsWith(ENGINE) || !jar.getName().endsWith(".jar")) continue;
			try (InputStream in = zip.getInputStream(jar)) {
				Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
			}
			try (ZipFile inner = new ZipFile(copy.toFile())) {
				for (ZipEntry entry : Collections.list(inner.entries()))
					entries.add(entry.getName());
			}
		}
		Files.delete(copy);
		return entries;
	}

	@Test
	void unpackedBesideIjJarItRunsARecordedSegmentLine() throws Exception {
		ImageJProcess.requireDisplay("BundleIT");
		Path app = Files.createDirectories(work.resolve("ImageJ"));
		Files.copy(ImageJProcess.APP.resolve("ij.jar"), app.resolve("ij.jar"));
		String bundle = Platform.current().bundle();
		assertTrue(PLATFORMS.contains(bundle), "no bundle for this machine, " + Platform.current());
		unzip(zip(bundle), app);
		Path image = Path.of("sample-images/isbi2012-em-020.png").toAbsolutePath();
		Path macro = Files.writeString(work.resolve("segment.ijm"), "open(\"" + image + "\");\n" +
			"run(\"U-Net Segment\", \"model=em-membranes-2d overlay roi-manager tile=auto overlap=auto batch=auto " +
			"blend=gaussian min-size=0 engine=auto device=auto\");\n" + "selectImage(\"isbi2012-em-020 labels\");\n" +
			"getStatistics(area, mean, min, max);\n" + "print(\"bundle segmented: classes \" + min + \"..\" + max);\n");

		String log = ImageJProcess.runMacro(app, macro, "");

		assertTrue(log.contains("bundle segmented: classes 0..1"), log);
	}

	private static void unzip(Path zip, Path into) throws IOException {
		try (ZipFile file = new ZipFile(zip.toFile())) {
			for (ZipEntry entry : Collections.list(file.entries())) {
				Path target = into.resolve(entry.getName()).normalize();
				assertTrue(target.startsWith(into), entry.getName());
				if (entry.isDirectory()) Files.createDirectories(target);
				else {
					Files.createDirectories(target.getParent());
					try (InputStream in = file.getInputStream(entry)) {
						Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
					}
				}
			}
		}
	}
}
