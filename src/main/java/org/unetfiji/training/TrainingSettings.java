package org.unetfiji.training;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of a training run.
 *
 * @param tile spatial tile size ({@code [z,] y, x}), valid for the network
 * @param batch tiles per step
 * @param steps number of Adam steps
 * @param learningRate Adam step size
 * @param seed seed of tile sampling and augmentation
 */
public record TrainingSettings(long[] tile, int batch, int steps, float learningRate, long seed) {

	public TrainingSettings {
		if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, not " + batch);
		if (steps < 1) throw new IllegalArgumentException("steps must be at least 1, not " + steps);
		if (!(learningRate > 0 && learningRate < 1)) throw new IllegalArgumentException(
			"learning rate must be in (0, 1), not " + learningRate);
		for (long t : tile)
			if (t < 1) throw new IllegalArgumentException("tile sizes must be positive: " + Arrays.toString(tile));
		tile = tile.clone();
	}

	/** As recorded in the model descriptor. */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("tile", Arrays.stream(tile).boxed().toList());
		map.put("batch", batch);
		map.put("steps", steps);
		map.put("learning_rate", (double) learningRate);
		map.put("seed", seed);
		map.put("loss", "class-balanced softmax cross-entropy");
		map.put("augmentation", "random flips");
		return map;
	}
}
