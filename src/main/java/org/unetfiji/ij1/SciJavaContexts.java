package org.unetfiji.ij1;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogService;

import ij.IJ;

/**
 * The SciJava context the ImageJ 1.x entries run commands in: Fiji's own (through ImageJ legacy) where there is
 * one, else one small context for this JVM whose status messages and progress go to ImageJ's status and
 * progress bars.
 */
final class SciJavaContexts {

	private static Context own;
	/** Held here: the event service keeps only weak references to subscribers. */
	private static StatusBridge bridge;

	private SciJavaContexts() {}

	static synchronized Context get() {
		Context fiji = fijiContext();
		if (fiji != null) return fiji;
		if (own == null) {
			own = new Context(CommandService.class, StatusService.class, LogService.class, EventService.class);
			bridge = new StatusBridge();
			own.service(EventService.class).subscribe(bridge);
		}
		return own;
	}

	/** Fiji's context, which ImageJ legacy hands out as the "plugin" org.scijava.Context; null elsewhere. */
	private static Context fijiContext() {
		try {
			Class.forName("net.imagej.legacy.LegacyService", false, SciJavaContexts.class.getClassLoader());
		}
		catch (ClassNotFoundException e) {
			return null;
		}
		return IJ.runPlugIn("org.scijava.Context", "") instanceof Context context ? context : null;
	}

	/** Shows SciJava status events in ImageJ's status bar and progress bar. */
	static final class StatusBridge {

		@EventHandler
		void onStatus(StatusEvent e) {
			if (e.getStatusMessage() != null) IJ.showStatus(e.getStatusMessage());
			if (e.getProgressMaximum() > 0) IJ.showProgress(e.getProgressValue(), e.getProgressMaximum());
		}
	}
}
