package org.unetfiji.fiji;

import java.util.ArrayList;
import java.util.List;

import org.unetfiji.device.NvidiaSmi;

/** The {@code device=} values a dialog offers: those of every machine, and one per GPU that nvidia-smi lists. */
final class DeviceChoices {

	/** What every machine may choose; {@code gpu:N} is added for the GPUs found. */
	static final List<String> ALWAYS = List.of("auto", "cpu", "gpu");

	private DeviceChoices() {}

	static List<String> found() {
		List<String> choices = new ArrayList<>(ALWAYS);
		for (NvidiaSmi.Gpu gpu : NvidiaSmi.query(null).gpus())
			choices.add("gpu:" + gpu.index());
		return choices;
	}
}
