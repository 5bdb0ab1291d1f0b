package org.unetfiji.api;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.image.processing.AxisTensor;
import org.unetfiji.image.processing.ProcessingStep;
import org.unetfiji.image.processing.Processings;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.model.Axis;
import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.model.ModelPackage;
import org.unetfiji.model.ModelPackageException;
import org.unetfiji.model.NpyArray;
import org.unetfiji.model.TensorDescription;

/**
 * Runs a model's test input through its preprocessing, the engine and its postprocessing and compares the result
 * with its test output (the work of {@code ./unet check} and U-Net Check Model, as {@code bioimageio test-model}).
 * Works for this plugin's models and for bioimage.io models from elsewhere alike: the tensors stay in the
 * descriptor's axis order. This plugin's packages store their test input normalised already (with the whole training
 * image's percentiles, which a tile's own percentiles do not reproduce), so their preprocessing is not applied again.
 */
public final class CheckTask {

	private CheckTask() {}

	/**
	 * @throws ModelPackageException when the model cannot be opened
	 * @throws IllegalArgumentException for a processing step or engine this plugin does not run
	 */
	public static CheckResult run(CheckRequest request, CheckListener listener, BooleanSupplier cancelled)
		throws Exception
	{
		CheckResult[] result = new CheckResult[1];
		Cancellation.during(cancelled, () -> result[0] = check(request, listener));
		return result[0];
	}

	private static CheckResult check(CheckRequest request, CheckListener listener) throws Exception {
		try (ModelPackage model = ModelPackage.open(request.model())) {
			ModelDescriptor d = model.descriptor();
			List<ProcessingStep> pre = steps(d.input(), "inputs[0].preprocessing");
			List<ProcessingStep> post = steps(d.output(), "outputs[0].postprocessing");
			listener.line("model:              " + d.name() + " (" + model.source() + ")");
			try (LoadedModel loaded = LoadedModel.load(model, request.engine(), request.device())) {
				listener.line("engine:             " + loaded.engineName());
				if (loaded.engineNote() != null) listener.line("note:               " + loaded.engineNote());
				listener.status("checking " + d.name() + " with " + loaded.engineName());
				AxisTensor input = tensor(model.readTestInput(), d.input());
				Map<String, AxisTensor> tensors = new LinkedHashMap<>();
				tensors.put(d.input().id(), input);
				// this plugin's packages store their test input normalised already (see ModelExport)
				if (!d.hasNetworkConfig()) Processings.run(pre, input, tensors);
				if (Cancellation.requested()) throw new CancellationException("cancelled");
				FloatTensor raw = loaded.network().predict(new FloatTensor(input.data(), input.shape()));
				AxisTensor output = new AxisTensor(raw.data(), raw.shape(), axisIds(d.output()));
				tensors.put(d.output().id(), output);
				Processings.run(post, output, tensors);
				NpyArray expected = model.readTestOutput();
				if (!Arrays.equals(expected.shape(), output.shape()))
					throw new IllegalStateException("the model returned shape " + Arrays.toString(output.shape()) +
						" but its test output has shape " + Arrays.toString(expected.shape()));
				return compare(output.data(), expected.data(), request, loaded.engineName(), listener);
			}
		}
	}

	private static CheckResult compare(float[] actual, float[] expected, CheckRequest request, String engine,
		CheckListener listener)
	{
		double largest = 0;
		long outside = 0;
		for (int i = 0; i < actual.length; i++) {
			double difference = Math.abs((double) actual[i] - expected[i]);
			if (!(difference <= largest)) largest = difference; // NaN counts as the largest
			if (!(difference <= request.absoluteTolerance() + request.relativeTolerance() * Math.abs(expected[i])))
				outside++;
		}
		listener.line(String.format("largest difference: %.3g (tolerance %s + %s * |expected|)", largest,
			request.absoluteTolerance(), request.relativeTolerance()));
		listener.line(outside == 0 ? "passed: the output matches the test output"
			: "FAILED: " + outside + " of " + actual.length + " values differ beyond the tolerance");
		return new CheckResult(engine, largest, outside == 0);
	}

	/** The tensor's processing steps, refusing unknown ones with the field that names them. */
	private static List<ProcessingStep> steps(TensorDescription tensor, String field) throws ModelPackageException {
		try {
			return Processings.create(tensor.processing());
		}
		catch (IllegalArgumentException e) {
			throw new ModelPackageException("'" + field + "' of tensor '" + tensor.id() + "': " + e.getMessage());
		}
	}

	private static AxisTensor tensor(NpyArray array, TensorDescription description) {
		return new AxisTensor(array.data().clone(), array.shape(), axisIds(description));
	}

	private static List<String> axisIds(TensorDescription description) {
		return description.axes().stream().map(Axis::id).toList();
	}
}
