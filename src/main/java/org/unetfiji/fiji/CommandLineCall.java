package org.unetfiji.fiji;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.unetfiji.cli.Main;
import org.unetfiji.cli.Parameters;

/**
 * Runs a {@code ./unet} command for a Fiji command with the same {@code key=value} parameters, so that both share
 * one implementation. The command's progress lines ({@code [3/10] name}, {@code step 25/500 loss ...}) become
 * status messages with progress, and its report becomes the Fiji command's output.
 */
final class CommandLineCall {

	private static final Pattern FRACTION = Pattern.compile("(\\d+)/(\\d+)");

	private CommandLineCall() {}

	/** Keys and values in the order given, for {@link #run}: {@code keys("model", model, "input", input)}. */
	static Map<String, Object> keys(Object... keysAndValues) {
		Map<String, Object> keys = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2)
			keys.put((String) keysAndValues[i], keysAndValues[i + 1]);
		return keys;
	}

	/**
	 * @param parameters keys and values; {@code null} values are left out (the command's default applies)
	 * @return what the command printed as its report
	 * @throws IllegalArgumentException for a wrong call, with the command's message
	 */
	static String run(String command, Map<String, ?> parameters, StatusService status, LogService log)
		throws Exception
	{
		return run(command, parameters, status, log, line -> {});
	}

	/** As {@link #run}, also handing each progress line to {@code progressLines} once the command printed it. */
	static String run(String command, Map<String, ?> parameters, StatusService status, LogService log,
		Consumer<String> progressLines) throws Exception
	{
		List<String> words = new ArrayList<>();
		parameters.forEach((key, value) -> {
			if (value != null) words.add(key + "=" + value);
		});
		ByteArrayOutputStream report = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8);
		PrintStream progress = new PrintStream(new LineSink(line -> {
			showProgress(line, status, log);
			progressLines.accept(line);
		}), true, StandardCharsets.UTF_8);
		int code = Main.runCommand(command, Parameters.parse(words.toArray(String[]::new)), out, progress);
		progress.flush();
		String text = report.toString(StandardCharsets.UTF_8).strip();
		if (code != 0) log.warn("unet " + command + ": " + text.substring(text.lastIndexOf('\n') + 1));
		return text;
	}

	private static void showProgress(String line, StatusService status, LogService log) {
		log.info(line);
		Matcher fraction = FRACTION.matcher(line);
		if (fraction.find()) status.showStatus(Integer.parseInt(fraction.group(1)), Integer.parseInt(fraction.group(
			2)), line.strip());
		else status.showStatus(line.strip());
	}

	/** An output stream that hands on each complete line. */
	private static final class LineSink extends OutputStream {

		private final Consumer<String> lines;
		private final ByteArrayOutputStream line = new ByteArrayOutputStream();

		LineSink(Consumer<String> lines) {
			this.lines = lines;
		}

		@Override
		public void write(int b) {
			if (b == '\n') {
				lines.accept(line.toString(StandardCharsets.UTF_8));
				line.reset();
			}
			else line.write(b);
		}
	}
}
