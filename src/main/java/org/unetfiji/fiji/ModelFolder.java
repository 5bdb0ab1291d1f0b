package org.unetfiji.fiji;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.model.ModelLocator;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.ModelPackageException;

import ij.IJ;

/**
 * The models of a Fiji or ImageJ installation: {@code models/} in the ImageJ folder (where bioimage.io models
 * live in Fiji), or in the folder named by the system property {@code unet.home}, as for {@code ./unet}. In a dialog,
 * a {@code model} key (a text parameter of the widget style {@link #STYLE}) is a choice of the installed models, then
 * {@link UNetSegment#FROM_FILE}, which asks for a model folder or .zip and puts its path into the list.
 */
public final class ModelFolder {

	/** Widget style of a {@code model} key that a dialog offers as a choice of {@link #choices()}. */
	public static final String STYLE = "installed model";

	private ModelFolder() {}

	/** The installed models, then {@link UNetSegment#FROM_FILE}. */
	public static List<String> choices() {
		List<String> choices = new ArrayList<>(locator().availableModels());
		choices.add(UNetSegment.FROM_FILE);
		return choices;
	}

	static ModelLocator locator() {
		return ModelLocator.installed(Path.of(IJ.getDirectory("imagej")));
	}

	/** The model folder or .zip that a {@code model=} value names, as an absolute path. */
	static Path resolve(String model) throws ModelPackageException {
		return locator().resolve(model);
	}

	/**
	 * What a dialog shows about a model: its description, classes and element size, on three lines, or why it
	 * cannot be read.
	 */
	static String describe(String model) {
		if (model == null || model.isBlank() || UNetSegment.FROM_FILE.equals(model))
			return "Choose an installed model, or a model folder or .zip (from file…).\n \n ";
		try (ModelPackage opened = open(model)) {
			ModelDescriptor d = opened.descriptor();
			return d.description() + "\nClasses: " + String.join(", ", d.classNames()) + "\nElement size (µm, " +
				String.join(" ", d.input().spaceAxisIds()) + "): " +
				(d.elementSizeUm().isEmpty() ? d.describeElementSize() : d.elementSizeUm());
		}
		catch (ModelPackageException | RuntimeException e) {
			return "Cannot read the model " + model + ":\n" + e.getMessage() + "\n ";
		}
	}

	static ModelPackage open(String model) throws ModelPackageException {
		return locator().open(model);
	}
}
