package org.unetfiji.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {

	@TempDir
	Path dir;

	@Test
	void fileChecksumIsSha256() throws IOException {
		Path file = Files.writeString(dir.resolve("abc.txt"), "abc");
		assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Checksums.sha256(file));
	}

	@Test
	void folderChecksumIsTheSha256OfTheSortedManifest() throws IOException, NoSuchAlgorithmException {
		Path folder = TestModels.savedModel(dir);
		Files.createDirectories(folder.resolve("assets"));
		String manifest = Checksums.sha256(folder.resolve("saved_model.pb")) + "  saved_model.pb\n" +
			Checksums.sha256(folder.resolve("variables/variables.data-00000-of-00001")) +
			"  variables/variables.data-00000-of-00001\n" +
			Checksums.sha256(folder.resolve("variables/variables.index")) + "  variables/variables.index\n";
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(manifest.getBytes(StandardCharsets.UTF_8));
		assertEquals(HexFormat.of().formatHex(digest), Checksums.sha256Folder(folder));
	}

	@Test
	void folderChecksumChangesWithContentAndNames() throws IOException {
		Path folder = TestModels.savedModel(dir);
		String original = Checksums.sha256Folder(folder);
		assertEquals(original, Checksums.sha256Folder(folder));

		Path index = folder.resolve("variables/variables.index");
		byte[] bytes = Files.readAllBytes(index);
		bytes[0] ^= 1;
		Files.write(index, bytes);
		assertNotEquals(original, Checksums.sha256Folder(folder));
		bytes[0] ^= 1;
		Files.write(index, bytes);
		assertEquals(original, Checksums.sha256Folder(folder));

		Files.move(index, folder.resolve("variables/renamed.index"));
		assertNotEquals(original, Checksums.sha256Folder(folder));
	}
}
