package org.unetfiji.ij1;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ImageJ's macro recorder writes when a user clicks each Plugins &gt; U-Net command and fills in its dialog
 * ({@link MenuClicks}, in real ImageJ on a virtual display), and a screenshot of that menu, kept as a build
 * artifact in {@code target/imagej-screenshots/}.
 */
class RecorderIT {

	private static final Path EM = Path.of("../shared/data/isbi2012-em-membranes").toAbsolutePath();
	private static final Path ARTIFACTS = Path.of("target/imagej-screenshots").toAbsolutePath();

	@TempDir
	static Path work;

	@Test
	void recordsOneRunLinePerCommandWithTheCommandLineKeys() throws Exception {
		ImageJProcess.install(ImageJProcess.APP);
		Path images = Files.createDirectories(work.resolve("images"));
		Path labels = Files.createDirectories(work.resolve("labels"));
		Files.copy(EM.resolve("train/images/000.png"), images.resolve("000.png"));
		Files.copy(EM.resolve("train/labels/000.png"), labels.resolve("000.png"));
		Path image = Path.of("sample-images/isbi2012-em-020.png").toAbsolutePath();

		String log = ImageJProcess.run(List.of("-cp", ImageJProcess.APP.resolve("ij.jar") + ":" + Path.of(
			"target/test-classes").toAbsolutePath(), MenuClicks.class.getName(), ImageJProcess.APP.toString(),
			ARTIFACTS.toString(), image.toString(), images.toString(), labels.toString(), work.toString()));

		String recorded = Files.readString(ARTIFACTS.resolve("recorded.ijm"));
		List<String> expected = List.of( //
			"run(\"U-Net Model Info\", \"model=em-membranes-2d\");", //
			"run(\"U-Net Segment\", \"model=em-membranes-2d overlay tile=auto overlap=auto batch=auto blend=gaussian " +
				"minsize=0 engine=auto\");", //
			"run(\"U-Net Batch Segment\", \"model=em-membranes-2d input=" + image + " output=" + work.resolve("batch") +
				"\");", //
			"run(\"U-Net Train\", \"images=" + images + " labels=" + labels + " output=" + work.resolve("model") +
				" name=[] depth=2 filters=4 steps=3 tile=64 batch=2 lr=0.001 seed=1 classes=background,foreground\");");
		for (String line : expected)
			assertTrue(recorded.contains(line), "recorder did not write\n" + line + "\nit wrote:\n" + recorded + "\n" +
				log);
		// the recorded clicks really ran
		assertTrue(Files.isRegularFile(work.resolve("batch/isbi2012-em-020.labels.tif")), log);
		assertTrue(Files.isRegularFile(work.resolve("model/rdf.yaml")), log);

		BufferedImage menu = ImageIO.read(ARTIFACTS.resolve("plugins-u-net-menu.png").toFile());
		assertTrue(menu.getWidth() >= 400 && menu.getHeight() > 140, menu.getWidth() + "×" + menu.getHeight());
		Set<Integer> colours = new HashSet<>();
		for (int y = 0; y < menu.getHeight(); y += 2)
			for (int x = 0; x < menu.getWidth(); x += 2)
				colours.add(menu.getRGB(x, y));
		assertTrue(colours.size() > 20, "the screenshot is blank: " + colours.size() + " colours");
	}
}
