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
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fiji bundle that {@code mvn package} writes ({@code target/unet-fiji-VERSION-fiji.zip}): it holds the
 * TensorFlow natives of each platform it is built for, and unpacked into an empty ImageJ folder beside
 * {@code ij.jar} it runs the line the macro recorder writes for U-Net Segment.
 */
class BundleIT {

	private static final Path BUNDLE = Path.of(System.getProperty("unet.bundle", "target/unet-fiji-fiji.zip"));
	private static final String ENGINE = "lib/unet-fiji-engine/";

	@TempDir
	Path work;

	@Test
	void holdsThePluginItsLibrariesTheModelsAndTheNativesOfEveryPlatform() throws IOException {
		List<String> names = new ArrayList<>();
		try (ZipFile zip = new ZipFile(BUNDLE.toFile())) {
			for (ZipEntry entry : Collections.list(zip.entries()))
				names.add(entry.getName());
			for (String platform : System.getProperty("unet.bundle.platforms", "linux-x86_64").split(",")) {
				String jar = ENGINE + "tensorflow-core-native-1.1.0-" + platform + ".jar";
				assertTrue(names.contains(jar), jar + " is not in the bundle: " + names);
				List<String> natives = natives(zip, zip.getEntry(jar), platform);
				assertTrue(natives.stream().anyMatch(n -> n.contains("jnitensorflow")), platform + ": " + natives);
			}
		}
		for (String expected : List.of("models/em-membranes-2d/rdf.yaml", "models/nuclei-3d/rdf.yaml",
			"jars/snakeyaml-2.3.jar", ENGINE + "tensorflow-core-api-1.1.0.jar", ENGINE + "onnxruntime-1.21.1.jar"))
			assertTrue(names.contains(expected), expected + " is not in the bundle: " + names);
		assertTrue(names.stream().anyMatch(n -> n.matches("plugins/unet_fiji-.*\\.jar")), names.toString());
		assertTrue(names.stream().noneMatch(n -> n.startsWith("jars/") && n.contains("tensorflow")),
			"the engine stays off ImageJ's class path: " + names);
	}

	/** The native libraries of {@code platform} in a natives jar inside the bundle. */
	private static List<String> natives(ZipFile zip, ZipEntry jar, String platform) throws IOException {
		List<String> natives = new ArrayList<>();
		try (InputStream in = zip.getInputStream(jar); ZipInputStream inner = new ZipInputStream(in)) {
			for (ZipEntry entry; (entry = inner.getNextEntry()) != null;)
				if (entry.getName().startsWith("org/tensorflow/internal/c_api/" + platform + "/") &&
					!entry.isDirectory()) natives.add(entry.getName());
		}
		return natives;
	}

	@Test
	void unpackedBesideIjJarItRunsARecordedSegmentLine() throws Exception {
		ImageJProcess.requireDisplay("BundleIT");
		Path app = Files.createDirectories(work.resolve("ImageJ"));
		Files.copy(ImageJProcess.APP.resolve("ij.jar"), app.resolve("ij.jar"));
		unzip(BUNDLE, app);
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
