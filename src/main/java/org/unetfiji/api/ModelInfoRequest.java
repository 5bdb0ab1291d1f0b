package org.unetfiji.api;

import java.nio.file.Path;

import org.unetfiji.model.ModelLocator;

/**
 * Describe a model, or list the installed ones.
 *
 * @param models the installed models (listed when {@code model} is {@code null})
 * @param model the model folder or .zip to describe (see {@link ModelLocator#resolve}); {@code null} to list
 */
public record ModelInfoRequest(ModelLocator models, Path model) {

	public ModelInfoRequest {
		if (models == null && model == null) throw new IllegalArgumentException("give a model or the models folder");
	}
}
