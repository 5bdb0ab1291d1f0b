package org.unetfiji.fiji;

import java.nio.file.Path;

import org.unetfiji.model.ModelLocator;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.ModelPackageException;

import ij.IJ;

/**
 * The models of a Fiji or ImageJ installation: {@code models/} in the ImageJ folder (where bioimage.io models
 * live in Fiji), or in the folder named by the system property {@code unet.home}, as for {@code ./unet}.
 */
final class ModelFolder {

	private ModelFolder() {}

	static ModelLocator locator() {
		return ModelLocator.installed(Path.of(IJ.getDirectory("imagej")));
	}

	/** The model folder or .zip that a {@code model=} value names, as an absolute path. */
	static Path resolve(String model) throws ModelPackageException {
		return locator().resolve(model);
	}

	static ModelPackage open(String model) throws ModelPackageException {
		return locator().open(model);
	}
}
