package org.unetfiji.engine.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.engine.TrainingEngine;
import org.unetfiji.network.NetworkConfig;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;

/** U-Net and 3D U-Net in TensorFlow: forward passes, training on real crops, and the SavedModel round trip. */
class TensorFlowNetworkTest {

	private static final Path DATA = Path.of("../shared/data");
	private final TrainingEngine engine = new TensorFlowEngine();
	/** Adam moments and step counters, and batch-norm moving averages, that a saved network must carry. */
	private static final List<String> OPTIMIZER_STATE = List.of("adam_beta1_power", "adam_beta2_power",
		"encoder0_conv1_kernel_adam_m", "encoder0_conv1_kernel_adam_v", "output_bias_adam_v",
		"encoder0_conv1_moving_mean", "decoder0_conv2_moving_variance");

	@Test
	void forwardPassWorksForEveryValidSizeAndNamesTheNearestForOthers() {
		NetworkConfig config = new NetworkConfig(3, 2, 3, 4, false, new int[][]{ { 1, 2, 2 }, { 2, 2, 2 } });
		try (TrainableNetwork network = engine.create(config, 1)) {
			for (long[] size : new long[][]{ { 2, 4, 4 }, { 4, 8, 12 }, { 6, 4, 20 } }) {
				FloatTensor input = FloatTensor.zeros(2, size[0], size[1], size[2], 2);
				for (int i = 0; i < input.data().length; i++)
					input.data()[i] = (float) Math.sin(i * 0.37);
				FloatTensor p = network.predict(input);
				assertArrayEquals(new long[]{ 2, size[0], size[1], size[2], 3 }, p.shape());
				for (int i = 0; i < p.data().length; i += 3)
					assertEquals(1, p.data()[i] + p.data()[i + 1] + p.data()[i + 2], 1e-5);
			}
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> network.predict(FloatTensor.zeros(1, 3, 10, 8, 2)));
			assertTrue(e.getMessage().contains("nearest valid size: [4, 12, 8]"), e.getMessage());
			e = assertThrows(IllegalArgumentException.class, () -> network.predict(FloatTensor.zeros(1, 4, 8, 8, 1)));
			assertTrue(e.getMessage().contains("2 channel(s)"), e.getMessage());
			assertThrows(IllegalArgumentException.class, () -> network.predict(FloatTensor.zeros(1, 8, 8, 2)));
		}
	}

	@Test
	void sameSeedGivesSameWeights() {
		NetworkConfig config = NetworkConfig.isotropic(2, 1, 2, 2, 4, false);
		FloatTensor input = emCrop(32);
		try (TrainableNetwork a = engine.create(config, 7);
			TrainableNetwork b = engine.create(config, 7);
			TrainableNetwork c = engine.create(config, 8))
		{
			assertEquals(a.predict(input), b.predict(input));
			assertNotEquals(a.predict(input), c.predict(input));
		}
	}

	@Test
	void unet2dLearnsMembranesOfARealEmCrop() {
		NetworkConfig config = NetworkConfig.isotropic(2, 1, 2, 2, 8, false);
		FloatTensor input = emCrop(64);
		FloatTensor[] targetAndWeights = emTarget(64);
		try (TrainableNetwork network = engine.create(config, 3)) {
			float first = network.trainStep(input, targetAndWeights[0], targetAndWeights[1], 3e-3f);
			float last = first;
			for (int step = 0; step < 60; step++)
				last = network.trainStep(input, targetAndWeights[0], targetAndWeights[1], 3e-3f);
			assertTrue(last < 0.7 * first, "loss should fall on one image: " + first + " -> " + last);
		}
	}

	@Test
	void theSoftDiceTermAddsItsWeightTimesOneMinusTheDiceOfTheAnnotatedPixels() {
		NetworkConfig config = NetworkConfig.isotropic(2, 1, 2, 2, 4, false);
		FloatTensor input = emCrop(32);
		FloatTensor[] tw = emTarget(32);
		float[] weights = tw[1].data().clone();
		for (int i = 0; i < weights.length / 4; i++)
			weights[i] = 0; // an ignored region: left out of the Dice sums too
		FloatTensor w = new FloatTensor(weights, tw[1].shape());
		try (TrainableNetwork crossEntropy = engine.create(config, 5);
			TrainableNetwork withDice = engine.create(config, 5))
		{
			float[] p = crossEntropy.predict(input).data();
			float[] t = tw[0].data();
			double overlap = 0, total = 0;
			for (int i = 0; i < weights.length; i++)
				if (weights[i] > 0) {
					overlap += p[2 * i + 1] * t[2 * i + 1];
					total += p[2 * i + 1] + t[2 * i + 1];
				}
			double dice = (2 * overlap + 1e-6) / (total + 1e-6);
			float ce = crossEntropy.trainStep(input, tw[0], w, 1e-3f);
			float combined = withDice.trainStep(input, tw[0], w, 1e-3f, 0.5f);
			assertEquals(ce + 0.5 * (1 - dice), combined, 1e-4, "dice " + dice);
		}
	}

	@Test
	void zeroWeightsIgnorePixels() {
		NetworkConfig config = NetworkConfig.isotropic(2, 1, 2, 1, 4, false);
		FloatTensor input = emCrop(16);
		FloatTensor[] tw = emTarget(16);
		FloatTensor noWeight = FloatTensor.zeros(tw[1].shape());
		try (TrainableNetwork network = engine.create(config, 3)) {
			FloatTensor before = network.predict(input);
			assertEquals(0, network.trainStep(input, tw[0], noWeight, 1e-2f), 1e-9);
			assertEquals(before, network.predict(input), "an all-ignored batch must not move the weights");
		}
	}

	@Test
	void unet3dWithBatchNormLearnsRealNucleiAndRoundTrips(@TempDir Path dir) throws IOException {
		NetworkConfig config = new NetworkConfig(3, 1, 2, 4, true, new int[][]{ { 1, 2, 2 }, { 2, 2, 2 } });
		FloatTensor[] data = nucleiCrop(8, 32);
		roundTrip(config, data[0], data[1], data[2], dir, 30, 0.85f);
	}

	@Test
	void unet2dRoundTripsThroughSavedModel(@TempDir Path dir) throws IOException {
		NetworkConfig config = NetworkConfig.isotropic(2, 1, 2, 2, 8, false);
		FloatTensor[] tw = emTarget(64);
		roundTrip(config, emCrop(64), tw[0], tw[1], dir, 20, 0.9f);
	}

	@Test
	void loadingSomethingElseFailsClearly(@TempDir Path dir) throws IOException {
		NetworkConfig config = NetworkConfig.isotropic(2, 1, 2, 1, 4, false);
		IOException e = assertThrows(IOException.class, () -> engine.load(dir, config));
		assertTrue(e.getMessage().contains("no saved_model.pb"), e.getMessage());
		Files.write(dir.resolve("saved_model.pb"), new byte[]{ 1, 2, 3, 4, 5 });
		e = assertThrows(IOException.class, () -> engine.load(dir, config));
		assertTrue(e.getMessage().contains("not a readable TensorFlow SavedModel"), e.getMessage());
		Path saved = dir.resolve("net");
		try (TrainableNetwork network = engine.create(config, 1)) {
			network.save(saved);
		}
		e = assertThrows(IOException.class, () -> engine.load(saved, NetworkConfig.isotropic(2, 1, 3, 1, 4, false)));
		assertTrue(e.getMessage().contains("does not match"), e.getMessage());
	}

	/**
	 * Train a few steps, save, load in a fresh session: identical outputs, and the optimiser state (Adam moments and
	 * step counters, batch-norm averages) restored bit for bit, so training resumes where it stopped.
	 */
	private void roundTrip(NetworkConfig config, FloatTensor input, FloatTensor target, FloatTensor weights, Path dir,
		int steps, float expectedRatio) throws IOException
	{
		Path saved = dir.resolve("saved");
		FloatTensor expected;
		Map<String, FloatTensor> state = new TreeMap<>();
		float first;
		float last;
		try (TrainableNetwork network = engine.create(config, 11)) {
			first = network.trainStep(input, target, weights, 3e-3f);
			last = first;
			for (int i = 1; i < steps; i++)
				last = network.trainStep(input, target, weights, 3e-3f);
			network.save(saved);
			expected = network.predict(input);
			for (String name : OPTIMIZER_STATE)
				if (config.batchNorm() || !name.contains("moving")) state.put(name, network.variable(name));
		}
		assertTrue(last < expectedRatio * first, "loss should fall: " + first + " -> " + last);
		try (TrainableNetwork loaded = engine.load(saved, config)) {
			assertEquals(expected, loaded.predict(input), "reloaded network must give identical outputs");
			for (var entry : state.entrySet())
				assertEquals(entry.getValue(), loaded.variable(entry.getKey()),
					entry.getKey() + " must be restored exactly so that training resumes where it stopped");
			float resumed = loaded.trainStep(input, target, weights, 3e-3f);
			assertTrue(resumed < first, "training goes on from the trained weights");
		}
	}

	/** A square crop of the first ISBI 2012 EM image, scaled to [0, 1], as (1, y, x, 1). */
	private static FloatTensor emCrop(int size) {
		ImagePlus image = IJ.openImage(DATA.resolve("isbi2012-em-membranes/train/images")
			.resolve(firstName("isbi2012-em-membranes/train/images")).toString());
		FloatTensor t = FloatTensor.zeros(1, size, size, 1);
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++)
				t.data()[y * size + x] = image.getProcessor().getf(x + 100, y + 100) / 255f;
		return t;
	}

	/** One-hot membrane (class 0) / cell (class 1) target of the same crop, and uniform weights. */
	private static FloatTensor[] emTarget(int size) {
		ImagePlus labels = IJ.openImage(DATA.resolve("isbi2012-em-membranes/train/labels")
			.resolve(firstName("isbi2012-em-membranes/train/images")).toString());
		FloatTensor target = FloatTensor.zeros(1, size, size, 2);
		FloatTensor weights = FloatTensor.zeros(1, size, size);
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				int cls = labels.getProcessor().getf(x + 100, y + 100) > 0 ? 1 : 0;
				target.data()[(y * size + x) * 2 + cls] = 1;
				weights.data()[y * size + x] = 1;
			}
		return new FloatTensor[]{ target, weights };
	}

	/** A (1, z, y, x, 1) crop of the GoNuclear training stack, its nucleus/background target and weights. */
	private static FloatTensor[] nucleiCrop(int depth, int size) {
		String name = firstName("gonuclear-ovule-nuclei-3d/train/images");
		ImageStack image = IJ.openImage(DATA.resolve("gonuclear-ovule-nuclei-3d/train/images").resolve(name).toString())
			.getStack();
		ImageStack labels = IJ
			.openImage(DATA.resolve("gonuclear-ovule-nuclei-3d/train/labels").resolve(name).toString()).getStack();
		FloatTensor input = FloatTensor.zeros(1, depth, size, size, 1);
		FloatTensor target = FloatTensor.zeros(1, depth, size, size, 2);
		FloatTensor weights = FloatTensor.zeros(1, depth, size, size);
		int i = 0;
		for (int z = 0; z < depth; z++)
			for (int y = 0; y < size; y++)
				for (int x = 0; x < size; x++, i++) {
					input.data()[i] = (float) image.getVoxel(x + 30, y + 30, z + 40) / 255f;
					target.data()[2 * i + (labels.getVoxel(x + 30, y + 30, z + 40) > 0 ? 1 : 0)] = 1;
					weights.data()[i] = 1;
				}
		return new FloatTensor[]{ input, target, weights };
	}

	private static String firstName(String folder) {
		try (var files = Files.list(DATA.resolve(folder))) {
			return files.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
		}
		catch (IOException e) {
			throw new IllegalStateException("test data missing in " + DATA.resolve(folder), e);
		}
	}
}
