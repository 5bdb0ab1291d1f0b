package org.unetfiji.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The engine boundary's arithmetic: pieces of a fixed size with their halo cropped, and axis reordering. */
class BioimageNetworkTest {

	@Test
	void fixedSizePiecesOverlapByTwiceTheHaloAndCoverTheTileOnce() {
		List<long[]> pieces = BioimageNetwork.segments(1000, 512, 32);
		assertEquals(3, pieces.size());
		assertArrayEquals(new long[]{ 0, 0, 480 }, pieces.get(0));
		assertArrayEquals(new long[]{ 448, 480, 928 }, pieces.get(1));
		assertArrayEquals(new long[]{ 488, 928, 1000 }, pieces.get(2));
		// a tile no larger than the piece: one piece, mirrored up to the size
		assertArrayEquals(new long[]{ 0, 0, 300 }, BioimageNetwork.segments(300, 512, 32).get(0));
		assertArrayEquals(new long[]{ 0, 0, 512 }, BioimageNetwork.segments(512, 512, 32).get(0));
	}

	@Test
	void channelsLastToChannelsFirstAndBack() {
		// (batch 1, y 2, x 2, channel 2): value = 10 * pixel + channel
		float[] channelsLast = { 0, 1, 10, 11, 20, 21, 30, 31 };
		List<String> last = List.of("batch", "y", "x", "channel");
		List<String> first = List.of("batch", "channel", "y", "x");
		long[] shape = new long[4];
		float[] channelsFirst = BioimageNetwork.permute(channelsLast, new long[]{ 1, 2, 2, 2 }, last, first, shape);
		assertArrayEquals(new long[]{ 1, 2, 2, 2 }, shape);
		assertArrayEquals(new float[]{ 0, 10, 20, 30, 1, 11, 21, 31 }, channelsFirst);
		long[] back = new long[4];
		assertArrayEquals(channelsLast, BioimageNetwork.permute(channelsFirst, shape, first, last, back));
		// a model without batch axis drops it (size 1); one without channel axis gets none
		long[] noBatch = new long[3];
		BioimageNetwork.permute(channelsLast, new long[]{ 1, 2, 2, 2 }, last, List.of("channel", "y", "x"), noBatch);
		assertArrayEquals(new long[]{ 2, 2, 2 }, noBatch);
		assertThrows(IllegalArgumentException.class, () -> BioimageNetwork.permute(channelsLast,
			new long[]{ 1, 2, 2, 2 }, last, List.of("batch", "y", "x"), new long[3]));
	}
}
