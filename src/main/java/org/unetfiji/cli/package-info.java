/**
 * The {@code ./unet} command line: {@link org.unetfiji.cli.Main} dispatches {@code unet <command> key=value ...} to
 * one small command per use case, which parses the shared {@code key=value} vocabulary
 * ({@link org.unetfiji.api.Parameters}) into the use case's request of {@code org.unetfiji.api}, runs it and
 * prints its events: progress on stderr, results on stdout, one line per error. It may use every package of the
 * core; nothing imports it.
 */
package org.unetfiji.cli;
