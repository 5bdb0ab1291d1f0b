package org.unetfiji.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * nvidia-smi's answers as it prints them ({@code --query-gpu=index,name,memory.total,memory.free
 * --format=csv,noheader,nounits}, memory in MiB), and how CUDA's GPU numbers map to nvidia-smi's.
 */
class NvidiaSmiTest {

	private static final long MIB = 1L << 20;

	@Test
	void parsesOneLinePerGpu() {
		assertEquals(List.of(new NvidiaSmi.Gpu(0, "NVIDIA H100 80GB HBM3", 81559 * MIB, 81080 * MIB)),
			NvidiaSmi.parse("0, NVIDIA H100 80GB HBM3, 81559, 81080\n"));
		List<NvidiaSmi.Gpu> two = NvidiaSmi
			.parse("0, NVIDIA A100-SXM4-40GB, 40960, 40326\n" + "1, NVIDIA A100-SXM4-40GB, 40960, 2171\n");
		assertEquals(2, two.size());
		assertEquals(1, two.get(1).index());
		assertEquals(2171 * MIB, two.get(1).freeBytes());
		// a name with a comma in it
		assertEquals("Tesla T4, rev. b", NvidiaSmi.parse("0, Tesla T4, rev. b, 15360, 14913").get(0).name());
		assertTrue(NvidiaSmi.parse("\n").isEmpty());
	}

	@Test
	void memoryItCannotTellIsAClearError() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> NvidiaSmi.parse("0, NVIDIA A100-SXM4-40GB, [N/A], [N/A]"));
		assertEquals(
			"nvidia-smi gives no memory figures for NVIDIA A100-SXM4-40GB: 0, NVIDIA A100-SXM4-40GB, [N/A], " + "[N/A]",
			e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
			() -> NvidiaSmi.parse("Failed to initialize NVML: Driver/library version mismatch"));
		assertTrue(e.getMessage().startsWith("nvidia-smi output not understood: Failed to initialize NVML"));
	}

	@Test
	void cudaNumbersOnlyTheGpusCudaVisibleDevicesLists() {
		assertEquals("1", NvidiaSmi.physicalId(1, null));
		assertEquals("3", NvidiaSmi.physicalId(1, "2,3"));
		assertEquals("GPU-8f6e2c1a-0b3d-4e5f-9a7b-1c2d3e4f5a6b",
			NvidiaSmi.physicalId(0, "GPU-8f6e2c1a-0b3d-4e5f-9a7b-1c2d3e4f5a6b"));
		assertNull(NvidiaSmi.physicalId(2, "2,3"));
		assertNull(NvidiaSmi.physicalId(0, ""));
	}

	@Test
	void queryAnswersWithGpusOrOneLineSayingWhyNot() {
		NvidiaSmi.Query query = NvidiaSmi.query(null);
		if (query.problem() == null) assertFalse(query.gpus().isEmpty());
		else {
			assertTrue(query.gpus().isEmpty());
			assertEquals(1, query.problem().lines().count(), query.problem());
		}
	}
}
