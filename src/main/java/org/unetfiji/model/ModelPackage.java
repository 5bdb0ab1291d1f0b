package org.unetfiji.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.unetfiji.io.Folders;

/**
 * A trained model on disk, checked: a folder (or a {@code .zip} of the same content) holding
 * <ul>
 * <li>{@value #DESCRIPTOR_FILE}: the {@link ModelDescriptor} (bioimage.io model description 0.5),</li>
 * <li>{@value #SAVED_MODEL_FOLDER}{@code /}: the TensorFlow SavedModel, whose checksum in rdf.yaml is the
 * folder checksum of {@link Checksums#sha256Folder}, and/or ONNX weights ({@value #ONNX_FILE} when written here),
 * </li>
 * <li>{@value #TEST_INPUT_FILE} and {@value #TEST_OUTPUT_FILE}: a test input and the network's output for it,
 * </li>
 * <li>{@value #DOCUMENTATION_FILE}: a short description.</li>
 * </ul>
 * The zip holds exactly the folder's files, so rdf.yaml is the same in both. When reading, a zip is extracted
 * into a fresh private temporary folder that {@link #close()} deletes; a zip whose files sit in one top folder
 * is accepted too, and so are weights given as a SavedModel {@code .zip} file (bioimage.io style).
 */
public final class ModelPackage implements AutoCloseable {

	public static final String DESCRIPTOR_FILE = "rdf.yaml";
	/** The descriptor names the bioimage.io spec gives, besides any name ending in {@code .bioimageio.yaml}. */
	private static final List<String> DESCRIPTOR_NAMES = List.of(DESCRIPTOR_FILE, "bioimageio.yaml");
	private static final String DESCRIPTOR_SUFFIX = ".bioimageio.yaml";
	public static final String SAVED_MODEL_FOLDER = "saved_model";
	/** The name ONNX weights get in packages this plugin writes. */
	public static final String ONNX_FILE = "weights.onnx";
	public static final String TEST_INPUT_FILE = "test_input.npy";
	public static final String TEST_OUTPUT_FILE = "test_output.npy";
	public static final String DOCUMENTATION_FILE = "README.md";
	private static final String SAVED_MODEL_PB = "saved_model.pb";

	private final Path source;
	private final Path root;
	private final ModelDescriptor descriptor;
	/** The weights on disk by format, ready for their engines. */
	private final Map<String, Path> weights;
	private final Workspace workspace;

	private ModelPackage(Path source, Path root, ModelDescriptor descriptor, Map<String, Path> weights,
		Workspace workspace)
	{
		this.source = source;
		this.root = root;
		this.descriptor = descriptor;
		this.weights = weights;
		this.workspace = workspace;
	}

	/** Opens and checks a model folder or .zip, extracting zips under the system temporary folder. */
	public static ModelPackage open(Path folderOrZip) throws ModelPackageException {
		return open(folderOrZip, ZipLimits.DEFAULT, Path.of(System.getProperty("java.io.tmpdir")));
	}

	/**
	 * Opens a model folder (or its rdf.yaml) or .zip and checks it: the descriptor, the weights and test tensors exist
	 * inside the package and match their checksums, the test tensors fit the described axes, the documentation
	 * exists.
	 *
	 * @param limits what a zip may expand to
	 * @param workFolder where zips are extracted (each into a new private folder)
	 * @throws ModelPackageException saying what is wrong and what to do
	 */
	public static ModelPackage open(Path folderOrZip, ZipLimits limits, Path workFolder) throws ModelPackageException {
		Path given = folderOrZip.toAbsolutePath().normalize();
		boolean descriptorGiven = Files.isRegularFile(given) && isDescriptorName(given.getFileName().toString());
		Path source = descriptorGiven ? given.getParent() : given;
		if (!Files.exists(source)) {
			throw new ModelPackageException("Model not found: " + source + " does not exist. Give a model folder " +
				"or .zip (one that holds " + DESCRIPTOR_FILE + ")");
		}
		Workspace workspace = new Workspace(workFolder);
		try {
			Path root = source;
			if (!Files.isDirectory(source)) {
				root = workspace.newFolder("package");
				SafeZip.extract(source, root, limits);
				root = singleTopFolder(root, DESCRIPTOR_FILE);
			}
			Path rdf = descriptorGiven ? given : descriptorFile(root);
			if (!Files.isRegularFile(rdf)) {
				throw new ModelPackageException(source + " is not a model: it holds no " + DESCRIPTOR_FILE +
					". A model " + "is a folder or .zip with " + DESCRIPTOR_FILE + ", " + SAVED_MODEL_FOLDER +
					"/ and test tensors; " + "choose the folder (or .zip) that holds " + DESCRIPTOR_FILE);
			}
			ModelDescriptor descriptor = DescriptorIO.read(rdf);
			Map<String, Path> weights = new LinkedHashMap<>();
			for (String format : descriptor.weightFormats()) {
				FileReference file = descriptor.weights().get(format).file();
				if (file.source().matches("(?i)https?://.*")) continue;
				weights.put(format, format.equals(ModelDescriptor.TENSORFLOW_WEIGHTS)
					? checkSavedModel(root, file, workspace, limits) : checkWeights(root, format, file));
			}
			checkTestTensor(root, descriptor.input(), "inputs[0]");
			checkTestTensor(root, descriptor.output(), "outputs[0]");
			if (!descriptor.documentation().matches("(?i)https?://.*")) {
				Path documentation = inside(root, descriptor.documentation(), "documentation");
				if (!Files.isRegularFile(documentation)) {
					throw missing(root, descriptor.documentation(), "documentation");
				}
			}
			return new ModelPackage(source, root, descriptor, weights, workspace);
		}
		catch (ModelPackageException e) {
			workspace.delete();
			throw e;
		}
		catch (IOException e) {
			workspace.delete();
			throw new ModelPackageException("Cannot read the model " + source + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Creates a model folder: copies the SavedModel in, writes the test tensors and a README, fills the
	 * checksums and file names into the descriptor, writes rdf.yaml, and opens the result. The folder appears
	 * complete or not at all.
	 *
	 * @param folder the new model folder; it must not exist or be empty
	 * @param descriptor everything but the weights and test tensor files, which are filled in here
	 * @param savedModel the SavedModel folder exported by the engine (holds {@code saved_model.pb})
	 * @param testInput an input that fits {@code descriptor.input()}
	 * @param testOutput the network's output for it
	 */
	public static ModelPackage write(Path folder, ModelDescriptor descriptor, Path savedModel, NpyArray testInput,
		NpyArray testOutput) throws ModelPackageException
	{
		Path target = folder.toAbsolutePath().normalize();
		requireFits(descriptor.input(), testInput, "test input");
		requireFits(descriptor.output(), testOutput, "test output");
		if (!Files.isRegularFile(savedModel.resolve(SAVED_MODEL_PB))) {
			throw new ModelPackageException(
				savedModel + " is not a TensorFlow SavedModel folder: it holds no " + SAVED_MODEL_PB);
		}
		createAtomically(target, temporary -> {
			Path weights = temporary.resolve(SAVED_MODEL_FOLDER);
			copyFiles(savedModel, weights);
			Npy.write(temporary.resolve(TEST_INPUT_FILE), testInput);
			Npy.write(temporary.resolve(TEST_OUTPUT_FILE), testOutput);
			ModelDescriptor complete = descriptor.toBuilder().weights(ModelDescriptor.TENSORFLOW_WEIGHTS,
				descriptor.weights().getOrDefault(ModelDescriptor.TENSORFLOW_WEIGHTS, new WeightsEntry(null, Map.of()))
					.withFile(new FileReference(SAVED_MODEL_FOLDER, Checksums.sha256Folder(weights))))
				.input(descriptor.input().withTestTensor(fileReference(temporary, TEST_INPUT_FILE)))
				.output(descriptor.output().withTestTensor(fileReference(temporary, TEST_OUTPUT_FILE))).build();
			if (!complete.documentation().matches("(?i)https?://.*")) {
				Path documentation = inside(temporary, complete.documentation(), "documentation");
				Files.createDirectories(documentation.getParent());
				Files.writeString(documentation, readme(complete), StandardCharsets.UTF_8);
			}
			DescriptorIO.write(complete, temporary.resolve(DESCRIPTOR_FILE));
		});
		return open(target);
	}

	/**
	 * Writes a copy of this package into a new folder with ONNX weights added as the {@code onnx} weights entry
	 * (replacing ONNX weights it had), and opens the copy. This package is left as it is. The folder appears
	 * complete or not at all.
	 *
	 * @param folder the new model folder; it must not exist or be empty
	 * @param onnxModel the ONNX file, copied in as {@value #ONNX_FILE}
	 * @param opsetVersion its ONNX operator set version
	 */
	public ModelPackage withOnnx(Path folder, Path onnxModel, int opsetVersion) throws ModelPackageException {
		Path target = folder.toAbsolutePath().normalize();
		if (target.startsWith(root) || root.startsWith(target)) {
			throw new ModelPackageException(
				"Cannot write the copy of " + source + " to " + target + ": choose a " + "folder outside the model");
		}
		createAtomically(target, temporary -> {
			WeightsEntry old = descriptor.weights().get(ModelDescriptor.ONNX_WEIGHTS);
			String replaced = old == null ? null : old.file().source();
			for (String file : Checksums.regularFiles(root)) {
				if (file.equals(replaced) || file.equals(DESCRIPTOR_FILE)) continue;
				Files.createDirectories(temporary.resolve(file).getParent());
				Files.copy(root.resolve(file), temporary.resolve(file));
			}
			try (InputStream in = Files.newInputStream(onnxModel)) { // a plain copy would keep private permissions
				Files.copy(in, temporary.resolve(ONNX_FILE), StandardCopyOption.REPLACE_EXISTING);
			}
			ModelDescriptor withOnnx = descriptor.toBuilder()
				.weights(ModelDescriptor.ONNX_WEIGHTS, new WeightsEntry(fileReference(temporary, ONNX_FILE),
					Map.of(ModelDescriptor.OPSET_VERSION, opsetVersion)))
				.build();
			DescriptorIO.write(withOnnx, temporary.resolve(DESCRIPTOR_FILE));
		});
		return open(target);
	}

	/** Writes this package's files into a .zip that {@link #open} reads (same bytes for the same files). */
	public void toZip(Path zipFile) throws ModelPackageException {
		Path zip = zipFile.toAbsolutePath().normalize();
		if (zip.startsWith(root)) {
			throw new ModelPackageException(
				"Cannot write " + zip + " inside the model it packs; choose a place " + "outside " + root);
		}
		try {
			SafeZip.create(root, zip);
		}
		catch (IOException e) {
			throw new ModelPackageException("Cannot write " + zip + ": " + e.getMessage(), e);
		}
	}

	/** The folder or .zip this package was opened from. */
	public Path source() {
		return source;
	}

	/** The folder holding rdf.yaml (for a zip, inside the temporary extraction folder). */
	public Path root() {
		return root;
	}

	public ModelDescriptor descriptor() {
		return descriptor;
	}

	/**
	 * The TensorFlow SavedModel folder, ready for {@code SavedModelBundle.load}.
	 *
	 * @throws IllegalStateException when the package has no TensorFlow weights
	 */
	public Path savedModelFolder() {
		return weights(ModelDescriptor.TENSORFLOW_WEIGHTS);
	}

	/**
	 * The weights of one format, checked and ready for its engine: the file or folder the entry names (for
	 * {@value ModelDescriptor#TENSORFLOW_WEIGHTS} a SavedModel folder, extracted when the package gives a .zip).
	 *
	 * @throws IllegalStateException when the package has no weights of that format in it
	 */
	public Path weights(String format) {
		Path path = weights.get(format);
		if (path == null) {
			throw new IllegalStateException("The model " + source + " has no " + format + " weights (it has: " +
				String.join(", ", descriptor.weightFormats()) + ")");
		}
		return path;
	}

	public Path testInputFile() {
		return root.resolve(descriptor.input().testTensor().source());
	}

	public Path testOutputFile() {
		return root.resolve(descriptor.output().testTensor().source());
	}

	public NpyArray readTestInput() throws ModelPackageException {
		return readNpy(testInputFile());
	}

	public NpyArray readTestOutput() throws ModelPackageException {
		return readNpy(testOutputFile());
	}

	/** Deletes the temporary folder a zip was extracted into; the paths of this package are then invalid. */
	@Override
	public void close() {
		workspace.delete();
	}

	/** Fills a fresh temporary folder beside {@code target} and renames it to {@code target}. */
	private static void createAtomically(Path target, FolderFilling filling) throws ModelPackageException {
		Path temporary = null;
		try {
			if (Files.exists(target) && !isEmptyFolder(target)) {
				throw new ModelPackageException("Cannot save the model to " + target + ": it already exists and is " +
					"not an empty folder. Choose a new name or delete it first");
			}
			Files.createDirectories(target.getParent());
			temporary = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + "-");
			filling.fill(temporary);
			Files.deleteIfExists(target);
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
			temporary = null;
		}
		catch (ModelPackageException e) {
			throw e;
		}
		catch (FileAlreadyExistsException e) {
			throw new ModelPackageException("Cannot save the model to " + target + ": it was created meanwhile by " +
				"someone else. Choose a new name", e);
		}
		catch (IOException e) {
			throw new ModelPackageException("Cannot save the model to " + target + ": " + e.getMessage(), e);
		}
		finally {
			if (temporary != null) Workspace.deleteTree(temporary);
		}
	}

	/** Writes a model's files into a folder. */
	private interface FolderFilling {

		void fill(Path folder) throws IOException;
	}

	private static void copyFiles(Path from, Path to) throws IOException {
		for (String file : Checksums.regularFiles(from)) {
			Files.createDirectories(to.resolve(file).getParent());
			Files.copy(from.resolve(file), to.resolve(file));
		}
	}

	// -- checks

	private static Path checkSavedModel(Path root, FileReference weights, Workspace workspace, ZipLimits limits)
		throws IOException
	{
		String field = "weights.tensorflow_saved_model_bundle.source";
		Path path = inside(root, weights.source(), field);
		if (!Files.exists(path)) throw missing(root, weights.source(), field);
		Path savedModel = path;
		if (Files.isDirectory(path)) {
			checkSha256(weights, Checksums.sha256Folder(path), "the SavedModel folder");
		}
		else {
			checkSha256(weights, Checksums.sha256(path), "the SavedModel archive");
			savedModel = workspace.newFolder("weights");
			SafeZip.extract(path, savedModel, limits);
			savedModel = singleTopFolder(savedModel, SAVED_MODEL_PB);
		}
		if (!Files.isRegularFile(savedModel.resolve(SAVED_MODEL_PB))) {
			throw new ModelPackageException("The weights " + weights.source() + " in " + root + " are not a " +
				"TensorFlow SavedModel: " + SAVED_MODEL_PB + " is missing. Export the model again");
		}
		return savedModel;
	}

	/** Weights of any format but TensorFlow's: a file, or a folder with the checksum of its files. */
	private static Path checkWeights(Path root, String format, FileReference weights) throws IOException {
		String field = "weights." + format + ".source";
		Path path = inside(root, weights.source(), field);
		if (!Files.exists(path)) throw missing(root, weights.source(), field);
		String what = "the " + (format.equals(ModelDescriptor.ONNX_WEIGHTS) ? "ONNX" : format) + " weights";
		checkSha256(weights, Files.isDirectory(path) ? Checksums.sha256Folder(path) : Checksums.sha256(path), what);
		return path;
	}

	private static void checkTestTensor(Path root, TensorDescription tensor, String path) throws IOException {
		String field = path + ".test_tensor.source";
		Path file = inside(root, tensor.testTensor().source(), field);
		if (!Files.isRegularFile(file)) throw missing(root, tensor.testTensor().source(), field);
		checkSha256(tensor.testTensor(), Checksums.sha256(file), "the test tensor of '" + tensor.id() + "'");
		Optional<String> problem = tensor.shapeProblem(readNpy(file).shape());
		if (problem.isPresent()) {
			throw new ModelPackageException("The test tensor " + file + " does not fit rdf.yaml's " + path + ": " +
				problem.get() + ". Export the model again");
		}
	}

	/** Compares checksums; a file without one (a test tensor of a 0.4 description) is not checked. */
	private static void checkSha256(FileReference file, String actual, String what) throws ModelPackageException {
		if (file.sha256() != null && !actual.equals(file.sha256())) {
			throw new ModelPackageException("Checksum mismatch for " + file.source() + " (" + what + "): rdf.yaml " +
				"gives sha256 " + file.sha256() + " but the file content gives " + actual + ". The file was " +
				"changed or damaged after the model was saved; copy the model again from its source (or, if you " +
				"changed it on purpose, save the model again so that rdf.yaml is updated)");
		}
	}

	private static void requireFits(TensorDescription tensor, NpyArray array, String what)
		throws ModelPackageException
	{
		Optional<String> problem = tensor.shapeProblem(array.shape());
		if (problem.isPresent()) throw new ModelPackageException("The " + what + " does not fit: " + problem.get());
	}

	/** The path of a package-relative file name, refusing names that leave the package. */
	private static Path inside(Path root, String relative, String field) throws ModelPackageException {
		String name = relative.replace('\\', '/');
		boolean escapes = name.startsWith("/") || name.matches("^[A-Za-z]:.*");
		for (String part : name.split("/"))
			escapes |= part.equals("..");
		Path path = escapes ? null : root.resolve(name).normalize();
		if (path == null || !path.startsWith(root) || path.equals(root)) {
			throw new ModelPackageException(DESCRIPTOR_FILE + " in " + root + ": '" + field + "' is '" + relative +
				"', which is not a file inside the model. Give a path relative to the model folder");
		}
		return path;
	}

	private static ModelPackageException missing(Path root, String name, String field) {
		return new ModelPackageException("The model " + root + " is incomplete: " + DESCRIPTOR_FILE + " names '" +
			name + "' (" + field + ") but there is no such file. Copy the whole model folder (or .zip) again, " +
			"or save the model again");
	}

	private static FileReference fileReference(Path root, String name) throws IOException {
		return new FileReference(name, Checksums.sha256(root.resolve(name)));
	}

	private static NpyArray readNpy(Path file) throws ModelPackageException {
		try {
			return Npy.read(file);
		}
		catch (IOException e) {
			throw new ModelPackageException("Cannot read the test tensor: " + e.getMessage(), e);
		}
	}

	/** Whether a file name is one the bioimage.io spec gives descriptors. */
	static boolean isDescriptorName(String name) {
		return DESCRIPTOR_NAMES.contains(name) || name.endsWith(DESCRIPTOR_SUFFIX);
	}

	/**
	 * The descriptor of a package folder: {@code rdf.yaml} or {@code bioimageio.yaml}, else the one
	 * {@code *.bioimageio.yaml}; {@code rdf.yaml} (missing) when there is none.
	 *
	 * @throws ModelPackageException when several {@code *.bioimageio.yaml} files leave the choice open
	 */
	static Path descriptorFile(Path folder) throws IOException {
		for (String name : DESCRIPTOR_NAMES) {
			if (Files.isRegularFile(folder.resolve(name))) return folder.resolve(name);
		}
		List<Path> candidates = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*" + DESCRIPTOR_SUFFIX)) {
			stream.forEach(candidates::add);
		}
		if (candidates.size() > 1) {
			throw new ModelPackageException(folder + " holds " + candidates.size() + " descriptors " +
				candidates.stream().map(p -> p.getFileName().toString()).sorted().toList() + "; give the one to " +
				"use as model=PATH/NAME.bioimageio.yaml");
		}
		return candidates.isEmpty() ? folder.resolve(DESCRIPTOR_FILE) : candidates.get(0);
	}

	/** {@code folder}, or its only entry if that is a folder holding {@code marker} and {@code folder} does not. */
	private static Path singleTopFolder(Path folder, String marker) throws IOException {
		if (Files.exists(folder.resolve(marker))) return folder;
		List<Path> entries = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
			stream.forEach(entries::add);
		}
		if (entries.size() == 1 && Files.isRegularFile(entries.get(0).resolve(marker))) return entries.get(0);
		return folder;
	}

	private static boolean isEmptyFolder(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) return false;
		try (Stream<Path> entries = Files.list(folder)) {
			return entries.findAny().isEmpty();
		}
	}

	private static String readme(ModelDescriptor d) {
		StringBuilder text = new StringBuilder("# ").append(d.name()).append("\n\n").append(d.description())
			.append("\n\n").append("- Classes: ").append(String.join(", ", d.classNames())).append('\n')
			.append("- Element size (µm, ").append(String.join(" ", d.input().spaceAxisIds())).append("): ")
			.append(d.elementSizeUm()).append('\n').append("- NormalizationSpec: ").append(d.normalization().method())
			.append(' ').append(d.normalization().parameters()).append('\n').append("- License: ").append(d.license())
			.append("\n\n## Please cite\n\n");
		for (Citation c : d.cite()) {
			text.append("- ").append(c.text()).append(c.doi() != null ? " https://doi.org/" + c.doi() : "")
				.append(c.url() != null ? " " + c.url() : "").append('\n');
		}
		return text.toString();
	}

	/** A private temporary folder, created on first use. */
	private static final class Workspace {

		private final Path parent;
		private Path folder;

		Workspace(Path parent) {
			this.parent = parent;
		}

		Path newFolder(String name) throws IOException {
			if (folder == null) {
				Files.createDirectories(parent);
				folder = Files.createTempDirectory(parent, "unet-model-");
			}
			return Files.createDirectory(folder.resolve(name));
		}

		void delete() {
			if (folder != null) deleteTree(folder);
			folder = null;
		}

		/** Deletes a folder tree, best effort. */
		static void deleteTree(Path tree) {
			try {
				Folders.deleteTree(tree);
			}
			catch (IOException e) {
				// best effort: a leftover temporary folder is harmless
			}
		}
	}
}
