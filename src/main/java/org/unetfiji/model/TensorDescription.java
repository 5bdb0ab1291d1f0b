package org.unetfiji.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A model input or output: its id, axes in memory order, test tensor and processing steps (preprocessing for
 * an input, postprocessing for an output).
 *
 * @param id the tensor id, e.g. {@code raw}
 * @param axes the axes, outermost first (channels last for TensorFlow)
 * @param testTensor the test tensor file; {@code null} until {@link ModelPackage#write} fills it in
 * @param processing the processing steps, in order
 */
public record TensorDescription(String id, List<Axis> axes, FileReference testTensor, List<Processing> processing) {

	public TensorDescription {
		if (id == null || id.isBlank()) throw new IllegalArgumentException("a tensor needs an id");
		axes = List.copyOf(axes);
		processing = processing == null ? List.of() : List.copyOf(processing);
		if (axes.isEmpty()) throw new IllegalArgumentException("tensor '" + id + "' needs axes");
		Set<String> ids = new HashSet<>();
		for (Axis axis : axes) {
			if (!ids.add(axis.id())) {
				throw new IllegalArgumentException("tensor '" + id + "' has axis '" + axis.id() + "' twice");
			}
		}
	}

	/** A tensor without test tensor, for {@link ModelPackage#write}. */
	public TensorDescription(String id, List<Axis> axes, List<Processing> processing) {
		this(id, axes, null, processing);
	}

	/** This tensor with another test tensor. */
	public TensorDescription withTestTensor(FileReference file) {
		return new TensorDescription(id, axes, file, processing);
	}

	/** The ids of the space axes in order, e.g. {@code [y, x]}. */
	public List<String> spaceAxisIds() {
		List<String> ids = new ArrayList<>();
		for (Axis axis : axes) {
			if (axis.type() == Axis.Type.SPACE) ids.add(axis.id());
		}
		return ids;
	}

	/** The channel axis, if there is one. */
	public Optional<Axis> channelAxis() {
		return axes.stream().filter(axis -> axis.type() == Axis.Type.CHANNEL).findFirst();
	}

	/** Why an array of this shape does not fit this tensor, or empty if it fits. */
	public Optional<String> shapeProblem(long[] shape) {
		if (shape.length != axes.size()) {
			return Optional.of("shape " + Arrays.toString(shape) + " has " + shape.length + " axes but tensor '" + id +
				"' has " + axes.size() + " (" + axisIds() + ")");
		}
		for (int d = 0; d < shape.length; d++) {
			Axis axis = axes.get(d);
			if (!axis.accepts(shape[d])) {
				return Optional.of("shape " + Arrays.toString(shape) + " does not fit axis '" + axis.id() +
					"' of tensor '" + id + "': " + shape[d] + " is not " + describeSize(axis));
			}
		}
		return Optional.empty();
	}

	private String axisIds() {
		return String.join(", ", axes.stream().map(Axis::id).toArray(String[]::new));
	}

	private static String describeSize(Axis axis) {
		switch (axis.type()) {
			case BATCH :
				return "at least 1";
			case CHANNEL :
				return "the number of channel names (" + axis.channelNames().size() + ")";
			default :
				if (axis.size() instanceof AxisSize.Fixed) return "exactly " + ((AxisSize.Fixed) axis.size()).size();
				if (!(axis.size() instanceof AxisSize.Parameterized)) return "at least 1";
				AxisSize.Parameterized p = (AxisSize.Parameterized) axis.size();
				return p.step() == 0 ? "exactly " + p.min() : p.min() + " + n * " + p.step();
		}
	}
}
