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
		ImageJProcess.requireDisplay("RecorderIT");
		ImageJProcess.install(ImageJProcess.APP);
		Path images = Files.createDirectories(work.resolve("images"));
		Path labels = Files.createDirectories(work.resolve("labels"));
		Files.copy(EM.resolve("train/images/000.png"), images.resolve("000.png"));
		Files.copy(EM.resolve("train/labels/000.png"), labels.resolve("000.png"));
		Path image = Path.of("sample-images/isbi2012-em-020.png").toAbsolutePath();

		Path truth = EM.resolve("test/labels/020.png");

		String log = ImageJProcess.run(
			List.of("-cp", ImageJProcess.APP.resolve("ij.jar") + ":" + Path.of("target/test-classes").toAbsolutePath(),
				MenuClicks.class.getName(), ImageJProcess.APP.toString(), ARTIFACTS.toString(), image.toString(),
				images.toString(), labels.toString(), work.toString(), truth.toString()));

		String recorded = Files.readString(ARTIFACTS.resolve("recorded.ijm"));
		List<String> expected = List.of( //
			"run(\"U-Net Model Info\", \"model=em-membranes-2d\");", //
			"run(\"U-Net Segment\", \"model=em-membranes-2d overlay roi-manager tile=auto overlap=auto batch=auto " +
				"blend=gaussian min-size=0 engine=auto device=auto tta=none threshold=auto postprocessing=[]\");", // new keys last: old lines run
			"run(\"U-Net Batch Segment\", \"model=em-membranes-2d input=" + image + " output=" + work.resolve("batch") +
				" device=auto\");", //
			"run(\"U-Net Train\", \"images=" + images + " labels=" + labels + " output=" + work.resolve("model") +
				" name=[] steps=3 tile=64 batch=2 lr=0.001 seed=1 classes=background,foreground device=auto " +
				"label-type=auto ignore=none weights=auto augment minutes=0 depth=2 filters=4\");", //
			"run(\"U-Net Finetune\", \"images=" + images + " labels=" + labels + " output=" +
				work.resolve("finetuned") +
				" name=[] steps=2 tile=64 batch=2 lr=0.001 seed=1 classes=background,foreground device=auto " +
				"label-type=auto ignore=none weights=auto augment minutes=0 model=em-membranes-2d freeze-encoder\");", //
			"run(\"U-Net Evaluate\", \"prediction=[isbi2012-em-020 labels] truth=" + truth +
				" output=[] metrics=auto " + "ignore=none threshold=0.5\");", //
			"run(\"U-Net Weight Map\", \"labels=" + labels.resolve("000.png") +
				" output=[] label-type=auto ignore=none " +
				"weights=auto border-weight=50 border-sigma=6 background-weight=0.1 near-sigma=10\");");
		for (String line : expected)
			assertTrue(recorded.contains(line),
				"recorder did not write\n" + line + "\nit wrote:\n" + recorded + "\n" + log);
		// the recorded clicks really ran, and showed their results
		assertTrue(Files.isRegularFile(work.resolve("batch/isbi2012-em-020.labels.tif")), log);
		assertTrue(Files.isRegularFile(work.resolve("model/rdf.yaml")), log);
		assertTrue(Files.isRegularFile(work.resolve("finetuned/rdf.yaml")), log);
		List<String> windows = Files.readAllLines(ARTIFACTS.resolve("windows.txt"));
		for (String window : List.of("U-Net training: model", "U-Net training: finetuned", "U-Net Evaluation",
			"000 weights"))
			assertTrue(windows.contains(window), window + " is not among the windows " + windows + "\n" + log);
		int rois = Integer.parseInt(Files.readString(ARTIFACTS.resolve("roi-count.txt")));
		assertTrue(rois > 50, "the segmented cells in the ROI Manager: " + rois);

		assertTrue(Files.size(ARTIFACTS.resolve("dialog-u-net-train-images.png")) > 2000,
			"the Train dialog with its images drop-down open");
		BufferedImage menu = ImageIO.read(ARTIFACTS.resolve("plugins-u-net-menu.png").toFile());
		assertTrue(menu.getWidth() >= 400 && menu.getHeight() > 140, menu.getWidth() + "×" + menu.getHeight());
		Set<Integer> colours = new HashSet<>();
		for (int y = 0; y < menu.getHeight(); y += 2)
			for (int x = 0; x < menu.getWidth(); x += 2)
				colours.add(menu.getRGB(x, y));
		assertTrue(colours.size() > 20, "the screenshot is blank: " + colours.size() + " colours");
	}
}
