package org.unetfiji.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackageTest {

	private static final String TF = ModelDescriptor.TENSORFLOW_WEIGHTS;

	@TempDir
	Path dir;

	@Test
	void writtenModelOpensWithItsFilesAndChecksums() throws IOException {
		ModelPackage written = TestModels.writeModel(dir);
		Path folder = dir.resolve("nuclei");
		assertEquals(folder, written.root());
		try (ModelPackage model = ModelPackage.open(folder)) {
			ModelDescriptor d = model.descriptor();
			assertEquals(TestModels.descriptor(), d.toBuilder().weights(TF, d.weights().get(TF).withFile(null))
				.input(d.input().withTestTensor(null)).output(d.output().withTestTensor(null)).build());
			assertEquals(new FileReference("saved_model", Checksums.sha256Folder(folder.resolve("saved_model"))),
				d.weights().get(TF).file());
			assertEquals("test_input.npy", d.input().testTensor().source());
			assertEquals(folder.resolve("saved_model"), model.savedModelFolder());
			assertEquals(TestModels.testInput(), model.readTestInput());
			assertEquals(TestModels.testOutput(), model.readTestOutput());
			assertTrue(Files.readString(folder.resolve("README.md")).startsWith("# Nuclei 2D"));
		}
		try (ModelPackage viaDescriptor = ModelPackage.open(folder.resolve("rdf.yaml"))) {
			assertEquals(folder, viaDescriptor.root());
		}
		try (Stream<Path> siblings = Files.list(dir)) {
			assertEquals(List.of("exported", "nuclei"),
				siblings.map(p -> p.getFileName().toString()).sorted().toList());
		}
	}

	@Test
	void writeRefusesBadArgumentsAndExistingFolders() throws IOException {
		Path savedModel = TestModels.savedModel(dir);
		NpyArray wrong = new NpyArray(new long[]{ 1, 20, 32, 1 }, new float[20 * 32]);
		assertEquals("The test input does not fit: shape [1, 20, 32, 1] does not fit axis 'y' of tensor 'raw': 20 is " +
			"not 16 + n * 16", writeError(dir.resolve("m"), savedModel, wrong));
		assertTrue(writeError(dir.resolve("m"), dir, TestModels.testInput())
			.endsWith("is not a TensorFlow SavedModel folder: it holds no saved_model.pb"));
		Files.createDirectories(dir.resolve("taken"));
		Files.writeString(dir.resolve("taken/file.txt"), "keep me");
		assertTrue(writeError(dir.resolve("taken"), savedModel, TestModels.testInput())
			.contains("it already exists and is not an empty folder"));
		assertEquals("keep me", Files.readString(dir.resolve("taken/file.txt")));
	}

	@Test
	void changedWeightByteIsDetected() throws IOException {
		TestModels.writeModel(dir);
		Path data = dir.resolve("nuclei/saved_model/variables/variables.data-00000-of-00001");
		byte[] bytes = Files.readAllBytes(data);
		bytes[1000] ^= 0x10;
		Files.write(data, bytes);
		String message = openError(dir.resolve("nuclei"));
		assertTrue(message.startsWith(
			"Checksum mismatch for saved_model (the SavedModel folder): rdf.yaml gives " + "sha256 "), message);
		assertTrue(message.contains("copy the model again from its source"), message);
	}

	@Test
	void changedTestTensorIsNamed() throws IOException {
		TestModels.writeModel(dir);
		Path input = dir.resolve("nuclei/test_input.npy");
		float[] data = TestModels.testInput().data();
		data[0] = 42;
		Npy.write(input, new NpyArray(TestModels.testInput().shape(), data));
		assertTrue(openError(dir.resolve("nuclei"))
			.startsWith("Checksum mismatch for test_input.npy (the test " + "tensor of 'raw')"));
	}

	@Test
	void missingFilesAreNamed() throws IOException {
		TestModels.writeModel(dir);
		Path folder = dir.resolve("nuclei");
		Files.delete(folder.resolve("README.md"));
		assertTrue(openError(folder).contains("names 'README.md' (documentation) but there is no such file"));
		Files.delete(folder.resolve("test_output.npy"));
		assertTrue(openError(folder).contains("names 'test_output.npy' (outputs[0].test_tensor.source)"));
		deleteTree(folder.resolve("saved_model"));
		assertEquals("The model " + folder + " is incomplete: rdf.yaml names 'saved_model' (weights." +
			"tensorflow_saved_model_bundle.source) but there is no such file. Copy the whole model folder (or .zip) " +
			"again, or save the model again", openError(folder));
		Files.delete(folder.resolve("rdf.yaml"));
		assertTrue(openError(folder).startsWith(folder + " is not a model: it holds no rdf.yaml."));
		assertTrue(openError(dir.resolve("nowhere")).startsWith("Model not found: "));
	}

	@Test
	void filesOutsideThePackageAreRefused() throws IOException {
		TestModels.writeModel(dir);
		Path rdf = dir.resolve("nuclei/rdf.yaml");
		Files.writeString(rdf, Files.readString(rdf).replace("source: test_input.npy", "source: ../secret.npy"));
		assertTrue(openError(dir.resolve("nuclei"))
			.contains("'inputs[0].test_tensor.source' is '../secret.npy', " + "which is not a file inside the model"));
	}

	@Test
	void zipRoundTripIsReproducibleAndCleansUp() throws IOException {
		ModelPackage folder = TestModels.writeModel(dir);
		Path zip = dir.resolve("nuclei.zip");
		folder.toZip(zip);
		Path again = dir.resolve("again.zip");
		folder.toZip(again);
		assertArrayEquals(Files.readAllBytes(zip), Files.readAllBytes(again));

		Path work = Files.createDirectories(dir.resolve("work"));
		Path extracted;
		try (ModelPackage model = ModelPackage.open(zip, ZipLimits.DEFAULT, work)) {
			assertEquals(zip, model.source());
			assertEquals(folder.descriptor(), model.descriptor());
			assertEquals(TestModels.testOutput(), model.readTestOutput());
			assertEquals(Checksums.sha256Folder(folder.root()), Checksums.sha256Folder(model.root()));
			assertTrue(Files.isRegularFile(model.savedModelFolder().resolve("saved_model.pb")));
			extracted = model.root();
			assertTrue(extracted.startsWith(work));
		}
		assertFalse(Files.exists(extracted));
		assertEquals(0, Files.list(work).count());
	}

	@Test
	void zipWithOneTopFolderAndZippedWeightsOpen() throws IOException {
		TestModels.writeModel(dir);
		Path folder = dir.resolve("nuclei");
		Path weightsZip = folder.resolve("saved_model.zip");
		SafeZip.create(folder.resolve("saved_model"), weightsZip);
		deleteTree(folder.resolve("saved_model"));
		Path rdf = folder.resolve("rdf.yaml");
		ModelDescriptor d = DescriptorIO.read(rdf);
		DescriptorIO
			.write(
				d.toBuilder()
					.weights(TF,
						d.weights().get(TF)
							.withFile(new FileReference("saved_model.zip", Checksums.sha256(weightsZip))))
					.build(),
				rdf);
		Path zip = dir.resolve("nested.zip");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			for (String name : Checksums.regularFiles(folder)) {
				out.putNextEntry(new ZipEntry("nuclei/" + name));
				Files.copy(folder.resolve(name), out);
			}
		}
		try (ModelPackage model = ModelPackage.open(zip, ZipLimits.DEFAULT, dir)) {
			assertEquals("nuclei", model.root().getFileName().toString());
			assertTrue(Files.isRegularFile(model.savedModelFolder().resolve("variables/variables.index")));
		}
	}

	@Test
	void zipSlipIsRefused() throws IOException {
		for (String evil : List.of("../evil.txt", "rdf/../../evil.txt", "/tmp/evil.txt", "..\\evil.txt",
			"C:/evil.txt"))
		{
			Path zip = zip("slip.zip", List.of("rdf.yaml", evil), 10);
			String message = openError(zip);
			assertEquals("Refusing to extract " + zip + ": the entry '" + evil + "' would be written outside the " +
				"extraction folder. The archive is damaged or not a genuine model; get the model again from its " +
				"source.", message);
		}
		assertFalse(Files.exists(dir.resolve("evil.txt")));
		assertFalse(Files.exists(dir.getParent().resolve("evil.txt")));
	}

	@Test
	void oversizedZipsAreRefused() throws IOException {
		Path big = zip("big.zip", List.of("a.bin", "b.bin"), 600);
		ZipLimits limits = new ZipLimits(1000, 100);
		String message = assertThrows(ModelPackageException.class, () -> ModelPackage.open(big, limits, dir))
			.getMessage();
		assertTrue(message.contains("it expands to 1200 bytes, more than the limit of 1000"), message);

		Path lying = dir.resolve("lying.zip");
		byte[] bytes = Files.readAllBytes(big);
		// claim a size of 6 instead of 600 for both entries in the central directory, as a zip bomb might
		for (int i = bytes.length - 22; i > 0; i--) {
			if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 1 && bytes[i + 3] == 2) {
				bytes[i + 24] = 6;
				bytes[i + 25] = 0;
			}
		}
		Files.write(lying, bytes);
		message = assertThrows(ModelPackageException.class, () -> ModelPackage.open(lying, limits, dir)).getMessage();
		assertTrue(message.contains("it expands to more than the limit of 1000 bytes"), message);

		Path many = zip("many.zip", List.of("1", "2", "3", "4"), 1);
		message = assertThrows(ModelPackageException.class, () -> ModelPackage.open(many, new ZipLimits(1000, 3), dir))
			.getMessage();
		assertTrue(message.contains("it holds 4 entries, more than the limit of 3"), message);
		try (Stream<Path> left = Files.list(dir)) {
			assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("unet-model-")));
		}
	}

	@Test
	void nonZipFileIsReported() throws IOException {
		Path text = Files.writeString(dir.resolve("model.zip"), "not a zip");
		assertTrue(openError(text).startsWith("Cannot open " + text + " as a .zip archive"));
	}

	private Path zip(String name, List<String> entries, int bytesEach) throws IOException {
		Path zip = dir.resolve(name);
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			for (String entry : entries) {
				out.putNextEntry(new ZipEntry(entry));
				out.write("x".repeat(bytesEach).getBytes(StandardCharsets.US_ASCII));
			}
		}
		return zip;
	}

	private String writeError(Path target, Path savedModel, NpyArray input) {
		return assertThrows(ModelPackageException.class,
			() -> ModelPackage.write(target, TestModels.descriptor(), savedModel, input, TestModels.testOutput()))
			.getMessage();
	}

	private String openError(Path path) {
		ModelPackageException e = assertThrows(ModelPackageException.class,
			() -> ModelPackage.open(path, ZipLimits.DEFAULT, dir.resolve("work")));
		assertNotNull(e.getMessage());
		return e.getMessage();
	}

	private static void deleteTree(Path tree) throws IOException {
		try (Stream<Path> walk = Files.walk(tree)) {
			for (Path path : walk.sorted((a, b) -> b.compareTo(a)).toList())
				Files.delete(path);
		}
	}

}
