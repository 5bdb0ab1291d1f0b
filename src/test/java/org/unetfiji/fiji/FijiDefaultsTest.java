package org.unetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.unetfiji.api.TrainRequest;

import ij.IJ;
import ij.ImagePlus;

/**
 * The dialogs start from the command line's defaults ({@code ./unet train} reads them from
 * {@link TrainRequest#builder}), and offer fixed sets of values as choices: the installed models, the engines and
 * the devices; images and labels are a choice of the open images or a folder.
 */
class FijiDefaultsTest {

	private static Context context;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class, ModuleService.class, StatusService.class, LogService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static Module module(Class<?> command) throws Exception {
		ModuleService modules = context.service(ModuleService.class);
		Module module = modules.createModule(context.service(CommandService.class).getCommand(command.getName()));
		module.initialize();
		return module;
	}

	@Test
	void trainAndFinetuneStartFromTheCommandLineDefaults() throws Exception {
		TrainRequest cli = TrainRequest.builder(new TrainRequest.Folders(Path.of("i"), Path.of("l")), Path.of("o"))
			.build();
		Map<String, Object> expected = Map.of("steps", cli.trainingSteps(), "batch", cli.batch(), "lr", cli.lr(),
			"seed", (int) cli.seed(), "classes", String.join(",", cli.classes()), "augment", cli.augment(), "minutes",
			cli.minutes(), "device", "auto");
		assertEquals(2000, cli.trainingSteps());
		for (Class<?> command : List.of(UNetTrain.class, UNetFinetune.class)) {
			Module module = module(command);
			for (var entry : expected.entrySet())
				assertEquals(entry.getValue(), module.getInput(entry.getKey()),
					command.getSimpleName() + " " + entry.getKey());
		}
		Module train = module(UNetTrain.class);
		assertEquals(cli.filters(), train.getInput("filters"));
		assertEquals(4, train.getInput("depth"), "depth= of a new 2D network (TrainRequest: null is 4)");
	}

	@Test
	void segmentOffersTheInstalledModelsAFileTheEnginesAndTheDevices() throws Exception {
		Module segment = module(UNetSegment.class);
		List<?> models = segment.getInfo().getInput("model").getChoices();
		assertEquals(ModelFolder.locator().availableModels().size() + 1, models.size(), models.toString());
		assertTrue(models.contains("em-membranes-2d"), models.toString());
		assertEquals(UNetSegment.FROM_FILE, models.get(models.size() - 1));
		assertEquals(null, segment.getInput("model"), "no model chosen: headless, that stays an error");
		String description = (String) segment.getInput("modelDescription");
		assertEquals(ModelFolder.describe((String) models.get(0)), description, "the first, which a dialog shows");
		assertTrue(description.contains("Classes: ") && description.contains("Element size (µm"), description);

		List<?> devices = segment.getInfo().getInput("device").getChoices();
		assertEquals(DeviceChoices.ALWAYS, devices.subList(0, 3));
		List<?> engines = segment.getInfo().getInput("engine").getChoices();
		assertTrue(engines.contains("auto") && engines.contains("tensorflow") && engines.contains("onnx"),
			engines.toString());
		List<?> blends = segment.getInfo().getInput("blend").getChoices();
		assertEquals(List.of("gaussian", "none"), blends);
	}

	@Test
	void batchSegmentTrainAndFinetuneOfferTheDevicesOfEveryMachine() throws Exception {
		for (Class<?> command : List.of(UNetBatchSegment.class, UNetTrain.class, UNetFinetune.class))
			assertEquals(DeviceChoices.ALWAYS, module(command).getInfo().getInput("device").getChoices(),
				command.getSimpleName());
	}

	@Test
	void everyModelKeyIsAChoiceOfTheInstalledModelsOrAFile() throws Exception {
		for (Class<?> command : List.of(UNetBatchSegment.class, UNetFinetune.class, UNetModelInfo.class,
			UNetCheckModel.class))
			assertEquals(ModelFolder.STYLE, module(command).getInfo().getInput("model").getWidgetStyle(),
				command.getSimpleName());
		assertEquals(module(UNetSegment.class).getInfo().getInput("model").getChoices(), ModelFolder.choices());
	}

	@Test
	void imagesAndLabelsAreAChoiceOfTheOpenImagesOrAFolder() throws Exception {
		for (Class<?> command : List.of(UNetTrain.class, UNetFinetune.class))
			for (String key : List.of("images", "labels"))
				assertEquals(ImageOrPath.FOLDER, module(command).getInfo().getInput(key).getWidgetStyle(),
					command.getSimpleName() + " " + key);
		for (String key : List.of("prediction", "truth"))
			assertEquals(ImageOrPath.FILE_OR_FOLDER,
				module(UNetEvaluate.class).getInfo().getInput(key).getWidgetStyle(), key);

		ImagePlus image = IJ.createImage("cells", "8-bit black", 8, 8, 1);
		ImagePlus labels = IJ.createImage("cells labels", "8-bit black", 8, 8, 1);
		assertEquals(List.of("cells", "cells labels", ImageOrPath.FOLDER),
			FijiCommandsTest.withOpenImages(() -> ImageOrPath.choices(ImageOrPath.FOLDER), image, labels));
		assertEquals(List.of(ImageOrPath.FILE_OR_FOLDER), ImageOrPath.choices(ImageOrPath.FILE_OR_FOLDER));
		assertEquals("images=folder…: choose an open image, or choose the folder in the dialog",
			assertThrows(IllegalArgumentException.class, () -> ImageOrPath.of("images", ImageOrPath.FOLDER))
				.getMessage());
	}

	@Test
	void aModelThatCannotBeReadIsSaidSo() {
		assertTrue(ModelFolder.describe("no-such-model").startsWith("Cannot read the model no-such-model"));
		assertTrue(ModelFolder.describe(UNetSegment.FROM_FILE).startsWith("Choose an installed model"));
	}
}
