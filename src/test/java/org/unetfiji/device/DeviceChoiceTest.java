package org.unetfiji.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The {@code device=} values, and one-line errors that say what is allowed. */
class DeviceChoiceTest {

	@Test
	void parsesTheFourForms() {
		assertEquals(DeviceChoice.AUTO, DeviceChoice.parse(null));
		assertEquals(DeviceChoice.AUTO, DeviceChoice.parse("auto"));
		assertEquals(DeviceChoice.CPU, DeviceChoice.parse(" CPU "));
		assertEquals(new DeviceChoice(DeviceChoice.Kind.GPU, 0), DeviceChoice.parse("gpu"));
		assertEquals(new DeviceChoice(DeviceChoice.Kind.GPU, 3), DeviceChoice.parse("gpu:3"));
		assertEquals("gpu:3", DeviceChoice.parse("GPU:3").toString());
		assertEquals("cpu", DeviceChoice.CPU.toString());
		assertTrue(DeviceChoice.parse("gpu:1").isGpu());
		assertFalse(DeviceChoice.AUTO.isGpu());
	}

	@Test
	void wrongValuesSayWhatIsAllowed() {
		for (String wrong : new String[]{ "gpu:x", "gpu:", "gpu:-1", "gpu1", "cuda", "", "gpu:0,1", "gpu:99999" }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse(wrong));
			assertEquals("device=" + wrong + " is not valid; use device=auto, device=cpu, device=gpu or device=gpu:N " +
				"with N = 0, 1, ... (the GPU's number)", e.getMessage());
		}
	}
}
