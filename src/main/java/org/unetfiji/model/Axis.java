package org.unetfiji.model;

import java.util.List;
import java.util.Locale;

/**
 * One axis of a model's input or output tensor: batch, channel (with channel names) or space (z, y or x, with
 * a size and, on outputs, a halo of unreliable border pixels).
 *
 * @param type the kind of axis
 * @param id {@code z}, {@code y} or {@code x} for space axes; for batch and channel axes {@code null} gives
 *          {@code batch} or {@code channel}
 * @param size the size of a space axis; {@code null} for batch and channel axes
 * @param channelNames the channel names of a channel axis (one per channel); empty for other axes
 * @param halo pixels at each border of an output space axis that the network cannot predict well; 0 otherwise
 */
public record Axis(Type type, String id, AxisSize size, List<String> channelNames, long halo) {

	/** The kinds of axis this plugin runs. */
	public enum Type {
		BATCH, CHANNEL, SPACE;

		/** The name in rdf.yaml. */
		public String yamlName() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** The ids a space axis may have. */
	public static final List<String> SPACE_IDS = List.of("z", "y", "x");

	public Axis {
		if (type == null) throw new IllegalArgumentException("axis type must be given");
		channelNames = channelNames == null ? List.of() : List.copyOf(channelNames);
		switch (type) {
			case BATCH :
			case CHANNEL :
				if (id == null) id = type.yamlName();
				if (id.isBlank()) throw new IllegalArgumentException("axis id must not be empty");
				if (size != null) throw new IllegalArgumentException("a " + type.yamlName() + " axis has no size");
				if (halo != 0) throw new IllegalArgumentException("only space axes have a halo");
				if (type == Type.CHANNEL && channelNames.isEmpty()) {
					throw new IllegalArgumentException("a channel axis needs channel_names (one per channel)");
				}
				if (type == Type.BATCH && !channelNames.isEmpty()) {
					throw new IllegalArgumentException("a batch axis has no channel_names");
				}
				break;
			case SPACE :
				if (id == null) throw new IllegalArgumentException("a space axis needs an id: z, y or x");
				if (!SPACE_IDS.contains(id)) {
					throw new IllegalArgumentException("unknown space axis id '" + id + "'; use z, y or x");
				}
				if (size == null) throw new IllegalArgumentException("space axis '" + id + "' needs a size");
				if (!channelNames.isEmpty()) throw new IllegalArgumentException("a space axis has no channel_names");
				if (halo < 0) throw new IllegalArgumentException("halo must not be negative, not " + halo);
				break;
		}
	}

	/** A batch axis. */
	public static Axis batch() {
		return new Axis(Type.BATCH, null, null, List.of(), 0);
	}

	/** A channel axis with one name per channel. */
	public static Axis channel(String... names) {
		return new Axis(Type.CHANNEL, null, null, List.of(names), 0);
	}

	/** A space axis ({@code z}, {@code y} or {@code x}) of any size {@code min + n * step}. */
	public static Axis space(String id, long min, long step) {
		return new Axis(Type.SPACE, id, new AxisSize.Parameterized(min, step), List.of(), 0);
	}

	/** An output space axis as large as axis {@code id} of input {@code inputId}, with a halo. */
	public static Axis spaceLike(String inputId, String id, long halo) {
		return new Axis(Type.SPACE, id, new AxisSize.Reference(inputId, id, 0), List.of(), halo);
	}

	/** Whether {@code length} elements fit this axis (references to other tensors are not checked). */
	boolean accepts(long length) {
		switch (type) {
			case BATCH :
				return length >= 1;
			case CHANNEL :
				return length == channelNames.size();
			default :
				if (size instanceof AxisSize.Fixed) return length == ((AxisSize.Fixed) size).size();
				if (size instanceof AxisSize.Parameterized) {
					AxisSize.Parameterized p = (AxisSize.Parameterized) size;
					return length >= p.min() &&
						(p.step() == 0 ? length == p.min() : (length - p.min()) % p.step() == 0);
				}
				return length >= 1;
		}
	}
}
