package org.unetfiji.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.unetfiji.engine.Engines;
import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.inference.Segmentation;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.visualization.Overlay;

import ij.ImagePlus;

/**
 * {@code unet segment model=... input=FILE|DIR output=DIR}: writes {@code NAME.probabilities.tif},
 * {@code NAME.labels.tif} and {@code NAME.overlay.png} per image; a bad file is reported and skipped.
 */
final class SegmentCommand implements CliCommand {

	@Override
	public String usage() {
		return "model=NAME|PATH input=FILE|DIR output=DIR   segment 2D/3D TIFF or PNG images";
	}

	@Override
	public int run(Parameters parameters, PrintStream out, PrintStream err) throws Exception {
		String modelName = parameters.string("model");
		Path input = parameters.path("input");
		Path output = parameters.path("output");
		parameters.checkAllUsed();
		List<Path> files = inputFiles(input);
		if (Files.exists(output) && !Files.isDirectory(output)) throw new IllegalArgumentException("output=" +
			output + " is a file; give a folder");
		if (Files.isDirectory(input) && Files.isSameFile(input, Files.createDirectories(output)))
			throw new IllegalArgumentException("output=" + output + " is the input folder; choose another folder");
		Files.createDirectories(output);
		int failed = 0;
		long start = System.nanoTime();
		try (ModelPackage model = Models.open(modelName);
			LoadedModel loaded = LoadedModel.load(model, Engines.tensorFlow()))
		{
			for (int i = 0; i < files.size(); i++) {
				Path file = files.get(i);
				err.printf("[%d/%d] %s%n", i + 1, files.size(), file.getFileName());
				try {
					segment(loaded, file, output, out);
				}
				catch (IOException | IllegalArgumentException e) {
					failed++;
					err.println("  skipped " + file.getFileName() + ": " + e.getMessage());
				}
			}
		}
		out.printf("segmented %d of %d image(s) in %.1f s into %s%n", files.size() - failed, files.size(),
			(System.nanoTime() - start) / 1e9, output);
		return failed == 0 ? 0 : 1;
	}

	private static void segment(LoadedModel model, Path file, Path output, PrintStream out) throws IOException {
		Hyperstack<?> image = ImageFiles.read(file);
		int dims = model.config().dims();
		if (dims == 2 && image.is3D()) throw new IllegalArgumentException("the model is 2D but the image is a " +
			image.sizeZ() + "-slice stack; use a 3D model");
		if (dims == 3 && !image.is3D()) throw new IllegalArgumentException(
			"the model is 3D but the image has one slice; use a 2D model");
		long start = System.nanoTime();
		Segmentation.Result result = Segmentation.segment(model.predictor(), model.config().classes(), image, (done,
			frames) -> {}, () -> Thread.currentThread().isInterrupted());
		String name = baseName(file);
		Path probabilities = output.resolve(name + ".probabilities.tif");
		Path labels = output.resolve(name + ".labels.tif");
		Path overlay = output.resolve(name + ".overlay.png");
		ImageFiles.write(result.probabilities(), probabilities, file);
		ImageFiles.write(result.labels(), labels, file);
		ImageFiles.writePng(new ImagePlus(name, Overlay.render(image, result.labels())), overlay);
		out.printf("  %s: %d×%d×%d px, %.1f s -> %s, %s, %s%n", file.getFileName(), image.sizeX(), image.sizeY(),
			image.sizeZ(), (System.nanoTime() - start) / 1e9, probabilities.getFileName(), labels.getFileName(),
			overlay.getFileName());
	}

	static List<Path> inputFiles(Path input) throws IOException {
		if (Files.isRegularFile(input)) return List.of(input);
		if (!Files.isDirectory(input)) throw new IllegalArgumentException("input=" + input + " does not exist");
		List<Path> files = new ArrayList<>();
		try (var list = Files.list(input)) {
			list.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().toLowerCase().matches(
				".*\\.(tif|tiff|png)$")).sorted().forEach(files::add);
		}
		if (files.isEmpty()) throw new IllegalArgumentException("input=" + input + " holds no .tif or .png image");
		return files;
	}

	static String baseName(Path file) {
		String name = file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}
}
