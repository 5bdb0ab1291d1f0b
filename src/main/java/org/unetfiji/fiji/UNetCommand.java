package org.unetfiji.fiji;

import java.io.File;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.module.ModuleException;
import org.scijava.plugin.Parameter;
import org.unetfiji.api.Cancellation;

/**
 * Base of the U-Net commands. Runs the work so that its failures are clear errors: a missing parameter names its
 * key (the same as the {@code ./unet} key), rather than the silent cancellation SciJava gives for unset required
 * inputs, which is why the commands declare their inputs optional and not persisted. Cancelling the command
 * (Esc in ImageJ, {@code module.cancel} headless) sets the command's cancel flag, which the work checks through
 * {@link Cancellation}; it stops at the next image, frame or training step. The thread is not interrupted: an
 * interrupt closes the files being written at that moment (checkpoints, logs) and can be consumed unseen.
 * A command whose choices depend on what is installed (the engines) is a {@code DynamicCommand} instead and runs
 * through {@link #run(Cancelable, Cancellation.Work, StatusService)}.
 */
public abstract class UNetCommand extends ContextCommand {

	@Parameter
	protected StatusService status;

	@Parameter
	protected LogService log;

	/** The command's work; {@link CancellationException} when cancelled. */
	protected abstract void execute() throws Exception;

	@Override
	public final void run() {
		run(this, this::execute, status);
	}

	/** Whether the work should stop: cancelled, or its thread interrupted. */
	protected boolean stopRequested() {
		return stopRequested(this);
	}

	/** Runs a command's work as every U-Net command does (see the class comment), then clears the status bar. */
	static void run(Cancelable command, Cancellation.Work work, StatusService status) {
		try {
			Cancellation.during(() -> stopRequested(command), work);
		}
		catch (CancellationException e) {
			command.cancel(e.getMessage());
		}
		catch (RuntimeException e) {
			throw e;
		}
		catch (Exception e) {
			throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
		}
		finally {
			status.clearStatus();
		}
	}

	/** Whether a command's work should stop: cancelled, or its thread interrupted. */
	static boolean stopRequested(Cancelable command) {
		return command.isCanceled() || Thread.currentThread().isInterrupted();
	}

	/**
	 * The message of the error a command failed with, from inside the exceptions that its runners (a
	 * {@code Future}, SciJava's {@code ModuleRunner}) wrapped it in.
	 */
	public static String errorMessage(Throwable failure) {
		Throwable e = failure;
		while (e.getCause() != null && (e instanceof ExecutionException || e instanceof ModuleException ||
			e.getClass() == RuntimeException.class && String.valueOf(e.getMessage()).startsWith("Module threw")))
			e = e.getCause();
		return e.getMessage() == null ? e.toString() : e.getMessage();
	}

	/** A required text parameter. */
	protected static String required(String key, String value, String what) {
		if (value == null || value.isBlank()) throw missing(key, what);
		return value.strip();
	}

	/** A required file or folder parameter. */
	protected static File required(String key, File value, String what) {
		if (value == null || value.getPath().isBlank()) throw missing(key, what);
		return value;
	}

	private static IllegalArgumentException missing(String key, String what) {
		return new IllegalArgumentException("missing parameter " + key + "=... (" + what + ")");
	}
}
