package org.unetfiji.image.processing;

/** {@code value * scale + offset} with a scale and offset per group: the fixed form of the linear steps. */
record Affine(Groups groups, double[] scale, double[] offset) implements ProcessingStep {

	@Override
	public void apply(AxisTensor tensor) {
		float[] data = tensor.data();
		int[] group = groups.of(tensor);
		for (int i = 0; i < data.length; i++)
			data[i] = (float) (data[i] * scale[group[i]] + offset[group[i]]);
	}

	/** {@code (value - mean) / (std + eps)} per group. */
	static Affine standardize(Groups groups, double[] mean, double[] std, double eps) {
		double[] scale = new double[mean.length];
		double[] offset = new double[mean.length];
		for (int g = 0; g < mean.length; g++) {
			scale[g] = 1 / (std[g] + eps);
			offset[g] = -mean[g] * scale[g];
		}
		return new Affine(groups, scale, offset);
	}
}
