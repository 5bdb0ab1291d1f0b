package org.unetfiji.cli;

import java.io.PrintStream;
import org.unetfiji.api.Parameters;

/** One {@code ./unet} command. */
interface CliCommand {

	/** One line: the parameters it takes. */
	String usage();

	/**
	 * @return the exit code
	 * @throws IllegalArgumentException for a wrong call (bad or missing parameters)
	 */
	int run(Parameters parameters, PrintStream out, PrintStream err) throws Exception;
}
