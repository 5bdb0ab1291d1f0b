package org.unetfiji.model;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Finds a model from the {@code model=} parameter: a name looked up in a models folder ({@code models/NAME}
 * as a folder, else {@code models/NAME.zip}) or a path to a model folder or .zip.
 */
public final class ModelLocator {

	private static final String ZIP = ".zip";
	private final Path modelsFolder;

	/**
	 * The models installed with the plugin: {@code models/} in the folder named by the system property
	 * {@code unet.home} (set by {@code ./unet}), else in {@code home} (the working folder on the command line, the
	 * ImageJ folder in Fiji).
	 */
	public static ModelLocator installed(Path home) {
		String property = System.getProperty("unet.home");
		return new ModelLocator((property == null ? home : Path.of(property)).resolve("models"));
	}

	/** @param modelsFolder the folder holding the installed models (it need not exist) */
	public ModelLocator(Path modelsFolder) {
		this.modelsFolder = modelsFolder.toAbsolutePath().normalize();
	}

	public Path modelsFolder() {
		return modelsFolder;
	}

	/** The names of the models in the models folder (folders holding rdf.yaml, and .zip files), sorted. */
	public List<String> availableModels() {
		TreeSet<String> names = new TreeSet<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(modelsFolder)) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				if (Files.isDirectory(entry) && hasDescriptor(entry)) names.add(name);
				else if (Files.isRegularFile(entry) && name.toLowerCase(Locale.ROOT).endsWith(ZIP)) {
					names.add(name.substring(0, name.length() - ZIP.length()));
				}
			}
		}
		catch (IOException e) {
			return List.of();
		}
		return List.copyOf(names);
	}

	/** Whether a folder holds a descriptor (several {@code *.bioimageio.yaml} count: the user chooses one). */
	private static boolean hasDescriptor(Path folder) {
		try {
			return Files.isRegularFile(ModelPackage.descriptorFile(folder));
		}
		catch (IOException e) {
			return e instanceof ModelPackageException;
		}
	}

	/**
	 * The model folder or .zip that {@code model} names: first as a name in the models folder, then as a
	 * path (absolute, or relative to the working folder).
	 *
	 * @throws ModelPackageException listing the available names if nothing matches
	 */
	public Path resolve(String model) throws ModelPackageException {
		String wanted = model == null ? "" : model.strip();
		if (wanted.isEmpty()) throw notFound("No model given.");
		try {
			Path asPath = Path.of(wanted);
			if (!asPath.isAbsolute()) {
				Path folder = modelsFolder.resolve(asPath).normalize();
				if (folder.startsWith(modelsFolder) && Files.exists(folder)) return folder;
				Path zip = modelsFolder.resolve(wanted + ZIP).normalize();
				if (zip.startsWith(modelsFolder) && Files.isRegularFile(zip)) return zip;
			}
			if (Files.exists(asPath)) return asPath.toAbsolutePath().normalize();
		}
		catch (InvalidPathException e) {
			throw notFound("'" + wanted + "' is neither a model name nor a valid path.");
		}
		for (String name : availableModels()) {
			if (name.equalsIgnoreCase(wanted)) {
				throw notFound(
					"No model named '" + wanted + "'; did you mean '" + name + "'? Names are case-sensitive.");
			}
		}
		throw notFound("No model named '" + wanted + "' in " + modelsFolder + ", and no such file or folder.");
	}

	/** Resolves {@code model} and opens it. */
	public ModelPackage open(String model) throws ModelPackageException {
		return ModelPackage.open(resolve(model));
	}

	private ModelPackageException notFound(String problem) {
		List<String> names = availableModels();
		String available = names.isEmpty() ? "There are no models in " + modelsFolder + "."
			: "Available models: " + String.join(", ", names) + ".";
		return new ModelPackageException(problem + " " + available + " Give model=NAME with one of these names, " +
			"or model=PATH to a model folder or .zip");
	}
}
