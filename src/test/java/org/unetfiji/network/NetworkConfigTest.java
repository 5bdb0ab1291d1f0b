package org.unetfiji.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NetworkConfigTest {

	@Test
	void sizesMustBeMultiplesOfThePooling() {
		NetworkConfig anisotropic = new NetworkConfig(3, 1, 2, 8, false, new int[][]{ { 1, 2, 2 }, { 2, 2, 2 } });
		assertArrayEquals(new int[]{ 2, 4, 4 }, anisotropic.sizeMultiple());
		anisotropic.checkInputSize(new long[]{ 6, 64, 100 });
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> anisotropic.checkInputSize(new long[]{ 7, 62, 100 }));
		assertTrue(e.getMessage().contains("nearest valid size: [8, 64, 100]"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> anisotropic.checkInputSize(new long[]{ 64, 64 }));
		assertThrows(IllegalArgumentException.class, () -> anisotropic.checkInputSize(new long[]{ 0, 64, 64 }));
	}

	@Test
	void receptiveFieldMatchesHandCount() {
		// depth 0: two 3x3 convolutions and a 1x1: 1 + 2 + 2 = 5
		assertArrayEquals(new int[]{ 5, 5 }, NetworkConfig.isotropic(2, 1, 2, 0, 4, false).receptiveField());
		// depth 1: 5, pool +1 = 6 (jump 2), bottom +4 +4 = 14, up (jump 1), decoder +2 +2 = 18
		assertArrayEquals(new int[]{ 18, 18 }, NetworkConfig.isotropic(2, 1, 2, 1, 4, false).receptiveField());
		// no pooling along z at level 0: z sees 5 + 0 + 4 + 2... = 1+4 + 0 + 4 + 4 = 13 with jump 1 throughout
		NetworkConfig noZ = new NetworkConfig(3, 1, 2, 4, false, new int[][]{ { 1, 2, 2 } });
		assertArrayEquals(new int[]{ 13, 18, 18 }, noZ.receptiveField());
	}

	@Test
	void memoryEstimateGrowsWithFiltersAndCountsLevels() {
		NetworkConfig small = NetworkConfig.isotropic(2, 1, 2, 2, 8, false);
		NetworkConfig wide = NetworkConfig.isotropic(2, 1, 2, 2, 16, false);
		MemoryEstimate s = small.memoryEstimate();
		// encoder 0 conv 1 holds 8 floats per input pixel; encoder 1 conv 1 holds 16 at a quarter of the pixels
		assertEquals(8,
			s.layers().stream().filter(l -> l.name().equals("encoder 0 conv 1")).findFirst().get().floatsPerVoxel());
		assertEquals(4,
			s.layers().stream().filter(l -> l.name().equals("encoder 1 conv 1")).findFirst().get().floatsPerVoxel());
		assertTrue(wide.memoryEstimate().peakFloatsPerVoxel() > 1.9 * s.peakFloatsPerVoxel());
		assertTrue(s.peakFloatsPerVoxel() < s.floatsPerVoxel());
		assertEquals((long) Math.ceil(s.peakFloatsPerVoxel() * 1000 * 4), s.peakBytes(1000));
	}

	@Test
	void parameterCountOfTinyNetwork() {
		// depth 0, 1 channel, 4 filters, 2 classes: conv 3x3x1x4+4 = 40, conv 3x3x4x4+4 = 148, out 4x2+2 = 10
		assertEquals(198, NetworkConfig.isotropic(2, 1, 2, 0, 4, false).parameterCount());
	}

	@Test
	void mapRoundTripAndClearErrors() {
		NetworkConfig config = new NetworkConfig(3, 2, 3, 16, true, new int[][]{ { 1, 2, 2 }, { 2, 2, 2 } });
		assertEquals(config, NetworkConfig.fromMap(config.toMap()));
		var map = new java.util.HashMap<>(config.toMap());
		map.remove("classes");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkConfig.fromMap(map)).getMessage()
			.contains("'classes'"));
		map.put("classes", "three");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkConfig.fromMap(map)).getMessage()
			.contains("must be integer"));
		assertThrows(IllegalArgumentException.class, () -> new NetworkConfig(4, 1, 2, 8, false, new int[0][]));
		assertThrows(IllegalArgumentException.class, () -> new NetworkConfig(2, 1, 1, 8, false, new int[0][]));
		assertThrows(IllegalArgumentException.class,
			() -> new NetworkConfig(2, 1, 2, 8, false, new int[][]{ { 2, 2, 2 } }));
	}

	@Test
	void resizeUpsamplingIsRecordedAndOldDescriptorsMeanTransposed() {
		NetworkConfig transposed = NetworkConfig.isotropic(2, 1, 2, 1, 4, false);
		NetworkConfig resize = transposed.withUpsampling(Upsampling.RESIZE);
		assertEquals(resize, NetworkConfig.fromMap(resize.toMap()));
		assertEquals("resize", resize.toMap().get("upsampling"));
		var old = new java.util.HashMap<>(resize.toMap());
		old.remove("upsampling");
		assertEquals(transposed, NetworkConfig.fromMap(old));
		// the 3x3 convolution after resizing adds 2 to the 18 of the transposed network
		assertArrayEquals(new int[]{ 20, 20 }, resize.receptiveField());
		// up-sampling weights: 2x2x8x4 + 4 = 132 transposed, 3x3x8x4 + 4 = 292 after resizing
		assertEquals(160, resize.parameterCount() - transposed.parameterCount());
		old.put("upsampling", "bilinear");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkConfig.fromMap(old)).getMessage()
			.contains("transposed, resize"));
	}
}
