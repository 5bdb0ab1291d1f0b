package org.unetfiji.training;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.unetfiji.io.Folders;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.image.ImageFiles;

/**
 * The working folder of a training run: checkpoints (network with optimiser state, plus the
 * {@link TrainingState}), the best network so far, the CSV log and the learning-curve picture. Everything is
 * written aside and then renamed, so a run killed at any moment leaves the last complete checkpoint to resume
 * from.
 * <p>
 * Layout: {@code checkpoint-NNNNNNN/saved_model} with {@code state.properties}, {@code best-NNNNNNN/saved_model},
 * {@code latest.properties} (names the current checkpoint), {@code log.csv}, {@code learning-curve.png}.
 */
public final class TrainingFolder {

	private static final String POINTER = "latest.properties";
	private static final String STATE = "state.properties";
	private static final String SAVED_MODEL = "saved_model";

	private final Path folder;

	public TrainingFolder(Path folder) {
		this.folder = folder;
	}

	/** The working folder of a model written to {@code output}: {@code <output>.training} beside it. */
	public static TrainingFolder besideModel(Path output) {
		Path absolute = output.toAbsolutePath().normalize();
		return new TrainingFolder(absolute.resolveSibling(absolute.getFileName() + ".training"));
	}

	public Path path() {
		return folder;
	}

	/** Whether a checkpoint exists to resume from. */
	public boolean hasCheckpoint() {
		return Files.isRegularFile(folder.resolve(POINTER));
	}

	/** The saved network of the current checkpoint. */
	public Path checkpointModel() throws IOException {
		return checkpoint().resolve(SAVED_MODEL);
	}

	/** The state of the current checkpoint, {@link TrainingState#START} when there is none. */
	public TrainingState state() throws IOException {
		if (!hasCheckpoint()) return TrainingState.START;
		return TrainingState.fromProperties(read(checkpoint().resolve(STATE)));
	}

	/** The saved best network, or null when no validation has chosen one. */
	public Path bestModel() throws IOException {
		int best = state().bestStep();
		return best == 0 ? null : folder.resolve(name("best", best)).resolve(SAVED_MODEL);
	}

	/** Saves the network as the best so far (it becomes current with the next checkpoint). */
	void saveBest(TrainableNetwork network, int step) throws IOException {
		saveNetwork(network, folder.resolve(name("best", step)));
	}

	/** Saves a checkpoint and makes it the current one; older checkpoints and best networks are removed. */
	void checkpoint(TrainableNetwork network, TrainingState state) throws IOException {
		String name = name("checkpoint", state.step());
		Path target = folder.resolve(name);
		saveNetwork(network, target);
		writeAtomically(target.resolve(STATE), properties(state.toProperties()));
		Properties pointer = new Properties();
		pointer.setProperty("checkpoint", name);
		writeAtomically(folder.resolve(POINTER), properties(pointer));
		String best = name("best", state.bestStep());
		try (var entries = Files.list(folder)) {
			for (Path old : entries.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().equals(name) &&
				!p.getFileName().toString().equals(best) &&
				p.getFileName().toString().matches("(checkpoint|best)-\\d+")).toList())
				Folders.deleteTree(old);
		}
	}

	/** The rows of the log, as written at the last validation or checkpoint. */
	public List<LogRow> log() throws IOException {
		return log(Integer.MAX_VALUE);
	}

	/** The rows of the log up to a step (later rows belong to progress lost since the checkpoint). */
	public List<LogRow> log(int upToStep) throws IOException {
		Path csv = folder.resolve("log.csv");
		List<LogRow> rows = new ArrayList<>();
		if (!Files.isRegularFile(csv)) return rows;
		for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8))
			if (!line.isBlank() && !line.startsWith("step,")) {
				LogRow row = LogRow.fromCsv(line);
				if (row.step() <= upToStep) rows.add(row);
			}
		return rows;
	}

	/** Writes the log as CSV and its learning-curve picture. */
	void writeLog(List<LogRow> rows) throws IOException {
		StringBuilder csv = new StringBuilder(LogRow.HEADER).append('\n');
		for (LogRow row : rows)
			csv.append(row.toCsv()).append('\n');
		writeAtomically(folder.resolve("log.csv"), csv.toString());
		ImageFiles.writePng(LearningCurve.plot(rows).getImagePlus(), folder.resolve("learning-curve.png"));
	}

	private Path checkpoint() throws IOException {
		String name = read(folder.resolve(POINTER)).getProperty("checkpoint");
		if (name == null || !name.matches("checkpoint-\\d+"))
			throw new IOException("damaged " + folder.resolve(POINTER));
		return folder.resolve(name);
	}

	private static void saveNetwork(TrainableNetwork network, Path target) throws IOException {
		Files.createDirectories(target.getParent());
		Path temporary = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + "-");
		try {
			network.save(temporary.resolve(SAVED_MODEL));
			if (Files.exists(target)) Folders.deleteTree(target);
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			if (Files.exists(temporary)) Folders.deleteTree(temporary);
		}
	}

	private static String name(String kind, int step) {
		return String.format("%s-%07d", kind, step);
	}

	private static Properties read(Path file) throws IOException {
		Properties p = new Properties();
		p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
		return p;
	}

	private static String properties(Properties p) {
		StringWriter text = new StringWriter();
		try {
			p.store(text, null);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return text.toString();
	}

	private static void writeAtomically(Path target, String text) throws IOException {
		Path temporary = target.resolveSibling("." + target.getFileName() + ".part");
		Files.writeString(temporary, text, StandardCharsets.UTF_8);
		Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}
}
