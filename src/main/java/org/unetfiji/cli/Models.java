package org.unetfiji.cli;

import java.nio.file.Path;

import org.unetfiji.model.ModelLocator;

/** Finds models by name in the bundled {@code models/} folder, or by path. */
final class Models {

	private Models() {}

	/** The models folder: {@code models/} beside the launcher ({@code unet.home}), else in the working folder. */
	static ModelLocator locator() {
		return ModelLocator.installed(Path.of(""));
	}
}
