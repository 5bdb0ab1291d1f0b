package org.unetfiji.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** bfloat16 is offered only where /proc/cpuinfo's flags name AVX512-BF16 or AMX-BF16. */
class PrecisionFlagsTest {

	@Test
	void bfloat16NeedsItsInstructionsInTheFlags() {
		assertTrue(Precision.hasBfloat16("model name\t: AMD EPYC\nflags\t\t: fpu avx512f avx512_bf16 avx512_vnni\n"));
		assertTrue(Precision.hasBfloat16("flags\t\t: fpu avx512f amx_bf16 amx_tile\n"));
		assertFalse(Precision.hasBfloat16("model name\t: avx512_bf16 in a name\nflags\t\t: fpu avx2 avx512f\n"));
		assertFalse(Precision.hasBfloat16(""));
	}
}
