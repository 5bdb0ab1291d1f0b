package org.unetfiji.fiji;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.unetfiji.training.LearningCurve;
import org.unetfiji.training.LogRow;

import ij.IJ;
import ij.gui.PlotWindow;
import ij.macro.Interpreter;

/**
 * The learning curve of a training run in an ImageJ plot window, redrawn from the log rows that training hands
 * over after every validation, and from the whole log at the end. Only where ImageJ shows windows: not headless,
 * not in a batch-mode macro.
 */
final class LiveLearningCurve {

	private final String title;
	private final boolean shown;
	private final List<LogRow> rows = new ArrayList<>();
	private PlotWindow window;

	LiveLearningCurve(Path model) {
		title = "U-Net training: " + model.getFileName();
		shown = IJ.getInstance() != null && !Interpreter.isBatchMode();
	}

	/** Adds rows to the curve (a new validation, or the log of the run resumed) and redraws it. */
	void add(List<LogRow> logged) {
		rows.addAll(logged);
		draw();
	}

	/** Draws the whole log of the finished run. */
	void show(List<LogRow> log) {
		rows.clear();
		add(log);
	}

	/** Draws the curve as logged now; a window the user closed stays closed. */
	private void draw() {
		if (!shown || rows.isEmpty()) return;
		if (window == null) window = LearningCurve.plot(title, rows).show();
		else if (window.isShowing()) window.drawPlot(LearningCurve.plot(title, rows));
	}
}
