package org.unetfiji.metrics;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.unetfiji.image.ImageFiles;

import ij.measure.ResultsTable;

/**
 * Table of named metric values: one row per image and an optional overall row, written as CSV or as a fixed-width
 * console summary. Columns are the union of all row keys in first-seen order; a value missing from a row is left
 * empty. The overall row is given by the caller, e.g. pooled with {@link ConfusionMatrix#plus} or
 * {@link InstanceMetrics#pooledMetrics}, or the {@link #columnMeans() column means}.
 */
public final class MetricsTable {

	private record Row(String name, Map<String, Double> values) {}

	private final List<Row> rows = new ArrayList<>();
	private Row overall;

	/** Appends a per-image row. */
	public MetricsTable addRow(String name, Map<String, Double> values) {
		rows.add(new Row(name, new LinkedHashMap<>(values)));
		return this;
	}

	/** Sets the overall row, written after the per-image rows. */
	public MetricsTable setOverall(String name, Map<String, Double> values) {
		overall = new Row(name, new LinkedHashMap<>(values));
		return this;
	}

	/** Mean of each column over the per-image rows, ignoring missing and NaN values (NaN if none is left). */
	public Map<String, Double> columnMeans() {
		Map<String, Double> means = new LinkedHashMap<>();
		for (String column : columns()) {
			means.put(column, rows.stream().map(r -> r.values.get(column)).filter(v -> v != null && !v.isNaN())
				.mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
		}
		return means;
	}

	/** The same rows with only the given columns that the table has, in the given order. */
	public MetricsTable select(List<String> selected) {
		List<String> kept = selected.stream().filter(columns()::contains).toList();
		MetricsTable table = new MetricsTable();
		for (Row row : rows)
			table.addRow(row.name, only(row.values, kept));
		if (overall != null) table.setOverall(overall.name, only(overall.values, kept));
		return table;
	}

	private static Map<String, Double> only(Map<String, Double> values, List<String> columns) {
		Map<String, Double> kept = new LinkedHashMap<>();
		for (String column : columns)
			if (values.containsKey(column)) kept.put(column, values.get(column));
		return kept;
	}

	/** Column names in first-seen order (without the leading row-name column). */
	public List<String> columns() {
		Set<String> columns = new LinkedHashSet<>();
		for (Row row : allRows())
			columns.addAll(row.values.keySet());
		return new ArrayList<>(columns);
	}

	/** Writes the table as CSV (RFC 4180 quoting, first column {@code image}, full double precision, {@code NaN}). */
	public void writeCsv(Writer out) throws IOException {
		List<String> columns = columns();
		List<String> header = new ArrayList<>(List.of("image"));
		header.addAll(columns);
		out.write(csvLine(header));
		for (Row row : allRows()) {
			List<String> cells = new ArrayList<>(List.of(row.name));
			for (String column : columns)
				cells.add(format(row.values.get(column), null));
			out.write(csvLine(cells));
		}
	}

	/** Writes the table as a UTF-8 CSV file, atomically (see {@link ImageFiles#writeAtomically}). */
	public void writeCsv(Path file) throws IOException {
		ImageFiles.writeAtomically(file, stream -> {
			Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
			writeCsv(out);
			out.flush();
		});
	}

	/** The table as CSV text. */
	public String toCsv() {
		StringWriter out = new StringWriter();
		try {
			writeCsv(out);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out.toString();
	}

	/**
	 * The table as an ImageJ results table: the row names in column {@code image}, then one column per metric
	 * (NaN where a row has no value), shown with 4 decimals.
	 */
	public ResultsTable toResultsTable() {
		ResultsTable table = new ResultsTable();
		table.setPrecision(4);
		table.showRowNumbers(false);
		List<String> columns = columns();
		for (Row row : allRows()) {
			table.incrementCounter();
			table.addValue("image", row.name);
			for (String column : columns)
				table.addValue(column, row.values.getOrDefault(column, Double.NaN));
		}
		return table;
	}

	/**
	 * Fixed-width text for the console: right-aligned columns, 4 decimals (integral values without), the overall row
	 * after a rule.
	 */
	public String summary() {
		List<String> columns = columns();
		List<List<String>> lines = new ArrayList<>();
		List<String> header = new ArrayList<>(List.of("image"));
		header.addAll(columns);
		lines.add(header);
		for (Row row : allRows()) {
			List<String> cells = new ArrayList<>(List.of(row.name));
			for (String column : columns)
				cells.add(format(row.values.get(column), "%.4f"));
			lines.add(cells);
		}
		int[] widths = new int[header.size()];
		for (List<String> line : lines)
			for (int c = 0; c < widths.length; c++)
				widths[c] = Math.max(widths[c], line.get(c).length());
		StringBuilder text = new StringBuilder();
		for (int l = 0; l < lines.size(); l++) {
			if (overall != null && l == lines.size() - 1) appendRule(text, widths);
			List<String> line = lines.get(l);
			text.append(String.format("%-" + widths[0] + "s", line.get(0)));
			for (int c = 1; c < widths.length; c++)
				text.append("  ").append(String.format("%" + widths[c] + "s", line.get(c)));
			text.append('\n');
			if (l == 0) appendRule(text, widths);
		}
		return text.toString();
	}

	private static void appendRule(StringBuilder text, int[] widths) {
		int length = 2 * (widths.length - 1);
		for (int w : widths)
			length += w;
		text.append("-".repeat(length)).append('\n');
	}

	private List<Row> allRows() {
		List<Row> all = new ArrayList<>(rows);
		if (overall != null) all.add(overall);
		return all;
	}

	/** Integral values without decimals; others with {@code pattern}, or shortest exact form if null. */
	private static String format(Double value, String pattern) {
		if (value == null) return "";
		if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString(value.longValue());
		return pattern == null ? value.toString() : String.format(Locale.ROOT, pattern, value);
	}

	private static String csvLine(List<String> cells) {
		StringBuilder line = new StringBuilder();
		for (int c = 0; c < cells.size(); c++) {
			if (c > 0) line.append(',');
			String cell = cells.get(c);
			if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r"))
				line.append('"').append(cell.replace("\"", "\"\"")).append('"');
			else line.append(cell);
		}
		return line.append('\n').toString();
	}
}
