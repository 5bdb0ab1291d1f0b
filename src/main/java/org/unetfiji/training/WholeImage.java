package org.unetfiji.training;

import java.util.Arrays;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.image.ops.MirrorPadding;

/** Predicts a training sample's image whole, as validation sees it (for validation and choices made on it). */
public final class WholeImage {

	private WholeImage() {}

	/** Class probabilities of a whole image, mirror-padded to a size the network takes. */
	public static FloatTensor predict(Network network, FloatTensor image) {
		int spatial = image.rank() - 1;
		int[] multiple = network.config().sizeMultiple();
		long[] size = Arrays.copyOf(image.shape(), spatial);
		long[] padded = new long[spatial];
		long[] before = new long[spatial];
		for (int a = 0; a < spatial; a++) {
			padded[a] = (size[a] + multiple[a] - 1) / multiple[a] * multiple[a];
			before[a] = (padded[a] - size[a]) / 2;
		}
		FloatTensor input = MirrorPadding.pad(image, before, padded);
		long[] batchShape = new long[spatial + 2];
		batchShape[0] = 1;
		System.arraycopy(input.shape(), 0, batchShape, 1, spatial + 1);
		FloatTensor out = network.predict(new FloatTensor(input.data(), batchShape));
		return MirrorPadding.crop(new FloatTensor(out.data(), Arrays.copyOfRange(out.shape(), 1, spatial + 2)), before,
			size);
	}

}
