package org.unetfiji.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import org.unetfiji.api.Parameters;

/**
 * The {@code ./unet} command line: {@code unet <command> key=value ...}. Prints one line saying what is wrong and
 * exits non-zero on any error (2 for a wrong call, 1 when the work failed).
 */
public final class Main {

	private static final Map<String, CliCommand> COMMANDS = new TreeMap<>(Map.of( //
		"check", new CheckCommand(), //
		"evaluate", new EvaluateCommand(), //
		"export", new ExportCommand(), //
		"info", new InfoCommand(), //
		"segment", new SegmentCommand(), //
		"train", new TrainCommand(), //
		"weightmap", new WeightMapCommand()));

	private Main() {}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** Runs one command; returns the exit code. */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
			out.println("usage: unet <command> key=value ...\ncommands:");
			COMMANDS.forEach((name, command) -> out.println("  " + name + "  " + command.usage()));
			return args.length == 0 ? 2 : 0;
		}
		CliCommand command = COMMANDS.get(args[0]);
		if (command == null) {
			err.println("unet: unknown command '" + args[0] + "'; commands: " + String.join(", ", COMMANDS.keySet()));
			return 2;
		}
		Parameters parameters;
		try {
			parameters = Parameters.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
		}
		catch (IllegalArgumentException e) {
			err.println("unet " + args[0] + ": " + e.getMessage());
			return 2;
		}
		try {
			return command.run(parameters, out, err);
		}
		catch (IllegalArgumentException e) {
			err.println("unet " + args[0] + ": " + e.getMessage());
			return 2;
		}
		catch (CancellationException e) {
			err.println("unet " + args[0] + ": " + e.getMessage());
			return 130;
		}
		catch (Exception | OutOfMemoryError e) {
			String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
			if (e instanceof OutOfMemoryError) message = "out of memory (" + message +
				"); give Java more with JAVA_OPTS=-Xmx...g or use a smaller image";
			err.println("unet " + args[0] + ": " + message);
			return 1;
		}
	}
}
