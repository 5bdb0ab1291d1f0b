package org.unetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.event.EventService;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.app.StatusService;

/** U-Net Check Model in a real SciJava context, headless as Fiji runs it, on a published bioimage.io package. */
class CheckModelCommandTest {

	private static Context context;

	@BeforeAll
	static void startContext() {
		context = new Context(CommandService.class, StatusService.class, LogService.class, EventService.class);
	}

	@AfterAll
	static void stopContext() {
		context.dispose();
	}

	@Test
	void checksAPublishedModelAndIsInTheMenu() throws Exception {
		Path nuclei = Path.of("../shared/models-external/unet2d_nuclei_broad").toAbsolutePath();
		Module module = context.service(ModuleService.class)
			.run(context.service(CommandService.class).getCommand(UNetCheckModel.class), true,
				Map.of("model", nuclei.toString(), "engine", "onnx"))
			.get();
		assertTrue((Boolean) module.getOutput("passed"), (String) module.getOutput("report"));
		assertTrue(((String) module.getOutput("report")).contains("largest difference: "));
		assertEquals("U-Net Check Model",
			context.service(CommandService.class).getCommand(UNetCheckModel.class).getMenuPath().getLeaf().getName());
		assertFalse(Files.readAllLines(Path.of("plugins.config")).stream()
			.filter(line -> line.contains("\"U-Net Check Model\"") && line.contains("fiji.UNetCheckModel")).toList()
			.isEmpty());
	}
}
