package org.unetfiji.image.processing;

import java.util.Map;

/** One processing step on a tensor; see {@link Processings#create} for the bioimage.io steps. */
public interface ProcessingStep {

	/**
	 * This step with its statistics taken from {@code sample} (the whole image, after the steps before it); steps
	 * without statistics return themselves.
	 *
	 * @param tensors the sample's other tensors by id, for steps that refer to one ({@code reference_tensor})
	 */
	default ProcessingStep resolve(AxisTensor sample, Map<String, AxisTensor> tensors) {
		return this;
	}

	/** Changes {@code tensor}'s values in place; the step must be resolved. */
	void apply(AxisTensor tensor);
}
