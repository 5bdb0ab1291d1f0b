package org.unetfiji.model;

/** The size of a tensor axis as the bioimage.io 0.5 format describes it. */
public sealed interface AxisSize {

	/** Exactly {@code size} elements. */
	record Fixed(long size) implements AxisSize {

		public Fixed {
			if (size < 1) throw new IllegalArgumentException("size must be at least 1, not " + size);
		}
	}

	/** Any of {@code min + n * step} elements, n = 0, 1, 2, ...; a step of 0 allows only {@code min}. */
	record Parameterized(long min, long step) implements AxisSize {

		public Parameterized {
			if (min < 1) throw new IllegalArgumentException("size.min must be at least 1, not " + min);
			if (step < 0) throw new IllegalArgumentException("size.step must not be negative, not " + step);
		}
	}

	/** The size of axis {@code axisId} of tensor {@code tensorId}, plus {@code offset}. */
	record Reference(String tensorId, String axisId, long offset) implements AxisSize {

		public Reference {
			if (tensorId == null || tensorId.isEmpty() || axisId == null || axisId.isEmpty()) {
				throw new IllegalArgumentException("size.tensor_id and size.axis_id must be given");
			}
		}
	}
}
