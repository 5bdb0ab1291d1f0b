package org.unetfiji.model;

import java.io.IOException;

/**
 * The one error raised when a model package or one of its files cannot be read, written or validated.
 * The message says what is wrong (naming the file and the field) and what to do about it, so that it can be
 * shown to the user as it is.
 */
public class ModelPackageException extends IOException {

	private static final long serialVersionUID = 1L;

	public ModelPackageException(String message) {
		super(message);
	}

	public ModelPackageException(String message, Throwable cause) {
		super(message, cause);
	}
}
