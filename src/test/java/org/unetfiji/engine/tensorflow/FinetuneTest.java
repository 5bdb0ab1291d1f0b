package org.unetfiji.engine.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.network.NetworkConfig;

/** Finetuning: weights copied from a saved network, a new output layer for other classes, a frozen encoder. */
class FinetuneTest {

	private static final NetworkConfig TWO = NetworkConfig.isotropic(2, 1, 2, 2, 4, true);
	private static final NetworkConfig THREE = NetworkConfig.isotropic(2, 1, 3, 2, 4, true);
	private static final String[] ENCODER = { "encoder0_conv1_kernel", "encoder1_conv2_gamma", "bottom_conv1_kernel",
		"encoder0_conv2_moving_mean" };
	private static final String[] DECODER = { "decoder0_conv1_kernel", "decoder1_up_kernel", "decoder0_conv2_beta" };

	@TempDir
	Path work;

	/** A briefly trained 2-class network, saved. */
	private Path saved() throws IOException {
		Path folder = work.resolve("saved");
		try (TensorFlowNetwork network = TensorFlowNetwork.create(TWO, 1, false, SessionConfig.cpu())) {
			for (int step = 0; step < 3; step++)
				step(network, 2, step);
			network.save(folder);
		}
		return folder;
	}

	private static float step(TrainableNetwork network, int classes, long seed) {
		Random random = new Random(seed);
		FloatTensor input = FloatTensor.zeros(2, 16, 16, 1);
		FloatTensor target = FloatTensor.zeros(2, 16, 16, classes);
		FloatTensor weights = FloatTensor.zeros(2, 16, 16);
		for (int i = 0; i < 512; i++) {
			int c = random.nextInt(classes);
			input.data()[i] = c + 0.3f * (float) random.nextGaussian();
			target.data()[i * classes + c] = 1;
			weights.data()[i] = 1;
		}
		return network.trainStep(input, target, weights, 1e-2f);
	}

	@Test
	void anotherClassCountKeepsEveryLayerButTheOutput() throws IOException {
		Path saved = saved();
		try (TensorFlowNetwork source = TensorFlowNetwork.load(saved, TWO, SessionConfig.cpu());
			TensorFlowNetwork tuned = TensorFlowNetwork.finetune(saved, TWO, THREE, false, 7, SessionConfig.cpu()))
		{
			for (String name : new String[]{ ENCODER[0], ENCODER[1], ENCODER[2], ENCODER[3], DECODER[0], DECODER[1] })
				assertEquals(source.variable(name), tuned.variable(name), name + " is copied");
			assertArrayEquals(new long[]{ 1, 1, 4, 3 }, tuned.variable("output_kernel").shape());
			assertEquals(0f, tuned.variable("encoder0_conv1_kernel_adam_m").data()[0], "the optimiser starts afresh");
			assertEquals(0.9f, tuned.variable("adam_beta1_power").data()[0]);
			float first = step(tuned, 3, 1);
			float later = first;
			for (int s = 2; s < 30; s++)
				later = step(tuned, 3, s);
			assertEquals(true, later < first, "the 3-class network trains: " + first + " -> " + later);
		}
	}

	@Test
	void aModelPackagesWeightsKeepTheNetworkButNoOptimiserState() throws IOException {
		Path saved = saved();
		Path exported = work.resolve("exported");
		try (TensorFlowNetwork source = TensorFlowNetwork.load(saved, TWO, SessionConfig.cpu())) {
			assertNotEquals(0f, source.variable("encoder0_conv1_kernel_adam_m").data()[0],
				"a checkpoint keeps Adam's state");
			source.saveWithoutOptimizerState(exported);
			try (TensorFlowNetwork weights = TensorFlowNetwork.load(exported, TWO, SessionConfig.cpu())) {
				for (String name : new String[]{ ENCODER[0], ENCODER[1], ENCODER[3], DECODER[0], "output_kernel" })
					assertEquals(source.variable(name), weights.variable(name), name + " is kept");
				for (float moment : weights.variable("encoder0_conv1_kernel_adam_v").data())
					assertEquals(0f, moment, "no optimiser state");
				assertEquals(0.9f, weights.variable("adam_beta1_power").data()[0]);
			}
		}
	}

	@Test
	void aFrozenEncoderStaysUnchangedWhileTheDecoderLearns() throws IOException {
		Path saved = saved();
		try (TensorFlowNetwork source = TensorFlowNetwork.load(saved, TWO, SessionConfig.cpu());
			TensorFlowNetwork tuned = TensorFlowNetwork.finetune(saved, TWO, TWO, true, 7, SessionConfig.cpu()))
		{
			assertEquals(source.variable("output_kernel"), tuned.variable("output_kernel"),
				"same classes: output copied too");
			for (int s = 0; s < 3; s++)
				step(tuned, 2, s);
			for (String name : ENCODER)
				assertEquals(source.variable(name), tuned.variable(name), name + " is frozen");
			for (String name : DECODER)
				assertNotEquals(source.variable(name), tuned.variable(name), name + " learns");
			assertNotEquals(source.variable("output_kernel"), tuned.variable("output_kernel"));
		}
	}
}
