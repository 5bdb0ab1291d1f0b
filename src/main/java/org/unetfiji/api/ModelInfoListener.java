package org.unetfiji.api;

/** Receives a model's description, or the list of models, line by line as {@code ./unet info} prints it. */
public interface ModelInfoListener extends ProgressListener {

	/** One line of the description, e.g. {@code classes:        membrane, cell}. */
	default void line(String line) {}
}
