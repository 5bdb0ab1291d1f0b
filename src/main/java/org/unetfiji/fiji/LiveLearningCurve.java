package org.unetfiji.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.unetfiji.training.LearningCurve;
import org.unetfiji.training.LogRow;
import org.unetfiji.training.TrainingFolder;

import ij.IJ;
import ij.gui.PlotWindow;
import ij.macro.Interpreter;

/**
 * The learning curve of a training run in an ImageJ plot window, redrawn from the run's log after every
 * validation and at the end. Only where ImageJ shows windows: not headless, not in a batch-mode macro.
 */
final class LiveLearningCurve {

	/** How {@code ./unet train} begins the progress line it prints after each validation. */
	private static final String VALIDATION_LINE = "step ";

	private final TrainingFolder folder;
	private final String title;
	private final boolean shown;
	private PlotWindow window;

	LiveLearningCurve(Path model) {
		folder = TrainingFolder.besideModel(model);
		title = "U-Net training: " + model.getFileName();
		shown = IJ.getInstance() != null && !Interpreter.isBatchMode();
	}

	/** Redraws the curve after a validation, when the progress line says one was logged. */
	void progress(String line) {
		if (line.startsWith(VALIDATION_LINE)) update();
	}

	/** Draws the curve as logged now; a window the user closed stays closed. */
	void update() {
		if (!shown) return;
		List<LogRow> rows;
		try {
			rows = folder.log();
		}
		catch (IOException e) {
			return; // no log (yet): nothing to draw
		}
		if (rows.isEmpty()) return;
		if (window == null) window = LearningCurve.plot(title, rows).show();
		else if (window.isShowing()) window.drawPlot(LearningCurve.plot(title, rows));
	}
}
