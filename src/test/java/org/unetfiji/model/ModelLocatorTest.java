package org.unetfiji.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLocatorTest {

	@TempDir
	Path dir;

	private Path models;
	private ModelLocator locator;

	@BeforeEach
	void installModels() throws IOException {
		models = Files.createDirectories(dir.resolve("models"));
		try (ModelPackage nuclei = ModelPackage.write(models.resolve("nuclei-2d"), TestModels.descriptor(),
			TestModels.savedModel(dir), TestModels.testInput(), TestModels.testOutput()))
		{
			nuclei.toZip(models.resolve("membranes.zip"));
		}
		Files.createDirectories(models.resolve("not-a-model"));
		Files.writeString(models.resolve("notes.txt"), "ignored");
		locator = new ModelLocator(models);
	}

	@Test
	void listsFoldersWithRdfYamlAndZips() {
		assertEquals(models, locator.modelsFolder());
		assertEquals(List.of("membranes", "nuclei-2d"), locator.availableModels());
		assertEquals(List.of(), new ModelLocator(dir.resolve("missing")).availableModels());
	}

	@Test
	void resolvesNamesAndPaths() throws ModelPackageException {
		assertEquals(models.resolve("nuclei-2d"), locator.resolve("nuclei-2d"));
		assertEquals(models.resolve("membranes.zip"), locator.resolve(" membranes "));
		assertEquals(models.resolve("membranes.zip"), locator.resolve("membranes.zip"));
		Path elsewhere = models.resolve("nuclei-2d").toAbsolutePath();
		assertEquals(elsewhere, new ModelLocator(dir.resolve("other")).resolve(elsewhere.toString()));
		try (ModelPackage model = locator.open("membranes")) {
			assertEquals("Nuclei 2D", model.descriptor().name());
		}
	}

	@Test
	void unknownNamesListTheAvailableModels() {
		assertEquals("No model named 'cells' in " + models + ", and no such file or folder. Available models: " +
			"membranes, nuclei-2d. Give model=NAME with one of these names, or model=PATH to a model folder or .zip",
			error(locator, "cells"));
		assertEquals("No model named 'Nuclei-2D'; did you mean 'nuclei-2d'? Names are case-sensitive. Available " +
			"models: membranes, nuclei-2d. Give model=NAME with one of these names, or model=PATH to a model " +
			"folder or .zip", error(locator, "Nuclei-2D"));
		assertEquals(
			"No model given. There are no models in " + dir.resolve("empty") + ". Give model=NAME with one " +
				"of these names, or model=PATH to a model folder or .zip",
			error(new ModelLocator(dir.resolve("empty")), ""));
		assertEquals("No model named '../models/nuclei-2d/../../x' in " + models + ", and no such file or folder. " +
			"Available models: membranes, nuclei-2d. Give model=NAME with one of these names, or model=PATH to a " +
			"model folder or .zip", error(locator, "../models/nuclei-2d/../../x"));
	}

	private static String error(ModelLocator locator, String model) {
		return assertThrows(ModelPackageException.class, () -> locator.resolve(model)).getMessage();
	}
}
