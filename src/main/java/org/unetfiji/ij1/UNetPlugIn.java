package org.unetfiji.ij1;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.MethodCallException;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.unetfiji.fiji.UNetCommand;

import ij.IJ;
import ij.ImagePlus;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

/**
 * The ImageJ 1.x face of the U-Net commands: {@code plugins.config} registers one entry per command (e.g.
 * {@code "U-Net Segment"}) with the SciJava command's class as the argument. The entry asks for the command's
 * parameters in an ImageJ dialog whose keys are the parameter names, so that macros run it with
 * {@code run("U-Net Segment", "model=em-membranes-2d overlay")} and the macro recorder writes that line; it
 * fills image inputs with the current image, shows the output images, logs text outputs, and cancels the command
 * when Esc is pressed. The work is done by the SciJava command.
 */
public class UNetPlugIn implements PlugIn {

	private static final long POLL_MILLISECONDS = 100;

	@Override
	public void run(String commandClass) {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		// SciJava finds its plugins through the context class loader; ImageJ loads this plugin in its own loader
		thread.setContextClassLoader(getClass().getClassLoader());
		try {
			Context context = SciJavaContexts.get();
			CommandInfo info = context.service(CommandService.class).getCommand(commandClass);
			if (info == null) {
				IJ.error("U-Net", "no SciJava command " + commandClass + " (is the plugin installed completely?)");
				return;
			}
			ModuleService modules = context.service(ModuleService.class);
			Module module = modules.createModule(info);
			String title = info.getTitle();
			if (!fillCurrentImages(module) || !initialize(module, title) || !MacroDialog.ask(module, title)) return;
			runAndReport(modules.run(module, true), module, title);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/** Runs the initializers, which fill the dialog's choices (installed models, engines, devices). */
	private static boolean initialize(Module module, String title) {
		try {
			module.initialize();
			return true;
		}
		catch (MethodCallException e) {
			stopMacro(title, UNetCommand.errorMessage(e));
			return false;
		}
	}

	/** Gives every image input the current image; false (with ImageJ's message) when no image is open. */
	private static boolean fillCurrentImages(Module module) {
		for (ModuleItem<?> item : module.getInfo().inputs()) {
			if (item.getType() != ImagePlus.class) continue;
			ImagePlus current = IJ.getImage();
			if (current == null) return false;
			module.setInput(item.getName(), current);
			module.resolveInput(item.getName());
		}
		return true;
	}

	private static void runAndReport(Future<Module> running, Module module, String title) {
		try {
			waitCancellingOnEscape(running, module);
		}
		catch (ExecutionException e) {
			stopMacro(title, UNetCommand.errorMessage(e));
			return;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return;
		}
		if (module instanceof Cancelable c && c.isCanceled()) {
			IJ.showStatus(title + ": " + c.getCancelReason());
			stopMacro(title, c.getCancelReason());
			return;
		}
		for (ModuleItem<?> item : module.getInfo().outputs()) {
			Object value = item.getValue(module);
			if (value instanceof ImagePlus image) image.show();
			else if (value instanceof String text) IJ.log(text);
		}
	}

	/**
	 * Reports why the command did not complete, in a dialog in ImageJ's window or on the console where there is
	 * none (a batch run, where a dialog would wait forever), and stops the macro that ran the command, if any.
	 */
	private static void stopMacro(String title, String message) {
		if (IJ.getInstance() == null) IJ.log(title + ": " + message);
		else IJ.error(title, message);
		Interpreter macro = Interpreter.getInstance();
		if (macro != null) macro.abortMacro();
	}

	private static void waitCancellingOnEscape(Future<Module> running, Module module)
		throws ExecutionException, InterruptedException
	{
		while (true) {
			try {
				running.get(POLL_MILLISECONDS, TimeUnit.MILLISECONDS);
				return;
			}
			catch (TimeoutException e) {
				if (IJ.escapePressed() && module instanceof Cancelable c && !c.isCanceled())
					c.cancel("cancelled (Esc pressed)");
			}
		}
	}
}
