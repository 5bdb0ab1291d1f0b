package org.unetfiji.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.measure.ResultsTable;

class MetricsTableTest {

	private static Map<String, Double> values(Object... keysAndValues) {
		Map<String, Double> m = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2)
			m.put((String) keysAndValues[i], (Double) keysAndValues[i + 1]);
		return m;
	}

	private static MetricsTable table() {
		return new MetricsTable().addRow("a.tif", values("n_true", 3.0, "f1", 0.5)).addRow("b, \"2\".tif",
			values("n_true", 1.0, "f1", Double.NaN, "extra", 0.125));
	}

	@Test
	void resultsTableHasTheRowNamesAndEveryValue() {
		MetricsTable table = table();
		table.setOverall("overall", table.columnMeans());
		ResultsTable results = table.toResultsTable();
		assertEquals(3, results.size());
		assertEquals("image\tn_true\tf1\textra", results.getColumnHeadings().strip());
		assertEquals("b, \"2\".tif", results.getStringValue("image", 1));
		assertEquals(0.5, results.getValue("f1", 0));
		assertTrue(Double.isNaN(results.getValue("f1", 1)));
		assertTrue(Double.isNaN(results.getValue("extra", 0)), "a missing value is NaN");
		assertEquals(2.0, results.getValue("n_true", 2));
	}

	@Test
	void csvHasUnionOfColumnsQuotingAndOverallRow() {
		MetricsTable table = table();
		table.setOverall("overall", table.columnMeans());
		assertEquals(List.of("n_true", "f1", "extra"), table.columns());
		// means ignore NaN and missing values: n_true (3+1)/2, f1 0.5, extra 0.125
		assertEquals("image,n_true,f1,extra\n" + "a.tif,3,0.5,\n" + "\"b, \"\"2\"\".tif\",1,NaN,0.125\n" +
			"overall,2,0.5,0.125\n", table.toCsv());
	}

	@Test
	void summaryIsFixedWidth() {
		MetricsTable table = table().setOverall("overall", values("n_true", 4.0, "f1", 2 / 3.0));
		String[] lines = table.summary().split("\n");
		// header, rule, 2 rows, rule, overall
		assertEquals(6, lines.length);
		for (String line : lines)
			assertEquals(lines[0].length(), line.length(), line);
		assertTrue(lines[5].startsWith("overall"));
		assertTrue(lines[5].contains("0.6667"));
		assertTrue(lines[2].startsWith("a.tif ") && lines[2].contains(" 0.5000 "), lines[2]);
	}

	@Test
	void writesCsvFile(@TempDir final Path dir) throws IOException {
		Path file = dir.resolve("metrics.csv");
		table().writeCsv(file);
		assertEquals(table().toCsv(), Files.readString(file));
	}
}
