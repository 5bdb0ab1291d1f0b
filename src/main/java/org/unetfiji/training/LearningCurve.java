package org.unetfiji.training;

import java.awt.Color;
import java.util.List;

import ij.gui.Plot;

/** The learning curve of a training log as an ImageJ plot: losses, foreground IoU and instance F1 by step. */
public final class LearningCurve {

	private LearningCurve() {}

	public static Plot plot(List<LogRow> rows) {
		return plot("Learning curve", rows);
	}

	/** The plot with a title of its own, e.g. for the window of one training run. */
	public static Plot plot(String title, List<LogRow> rows) {
		Plot plot = new Plot(title, "step", "loss / score");
		add(plot, rows, "training loss", Color.BLUE, LogRow::trainLoss);
		add(plot, rows, "validation loss", Color.RED, LogRow::validationLoss);
		add(plot, rows, "foreground IoU", new Color(0, 140, 0), LogRow::foregroundIoU);
		add(plot, rows, "instance F1 (IoU 0.5)", Color.MAGENTA, LogRow::f1);
		add(plot, rows, "boundary F1", Color.ORANGE, LogRow::boundaryF1);
		plot.setLegend(null, Plot.AUTO_POSITION);
		plot.setLimitsToFit(false);
		return plot;
	}

	private static void add(Plot plot, List<LogRow> rows, String label, Color color,
		java.util.function.ToDoubleFunction<LogRow> value)
	{
		List<LogRow> present = rows.stream().filter(r -> !Double.isNaN(value.applyAsDouble(r))).toList();
		if (present.isEmpty()) return;
		double[] x = present.stream().mapToDouble(LogRow::step).toArray();
		double[] y = present.stream().mapToDouble(value).toArray();
		plot.setColor(color);
		plot.addPoints(x, y, present.size() == 1 ? Plot.CIRCLE : Plot.LINE);
		plot.setLabel(-1, label);
	}
}
