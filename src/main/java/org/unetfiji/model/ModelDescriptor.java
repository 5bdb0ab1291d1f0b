package org.unetfiji.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a model's {@code rdf.yaml}: the bioimage.io 0.5 model description (name, authors, tensors,
 * weights, ...) and this plugin's own {@code config.unet} section (network configuration, element size,
 * classes, normalization, training record). Immutable; build one with {@link #builder()}.
 * <p>
 * Models from elsewhere have no {@code config.unet}: their network is then empty, and the classes,
 * normalization and element size come from the standard fields (output channel names, input preprocessing,
 * space axis scales).
 *
 * @param formatVersion the bioimage.io format version, 0.5.x
 * @param name a short human-readable name
 * @param description one or two sentences on what the model segments
 * @param authors at least one
 * @param cite at least one publication
 * @param license an SPDX license id, e.g. {@code MIT} or {@code CC-BY-4.0}
 * @param documentation a Markdown file in the package (or a web address)
 * @param tags free keywords
 * @param input the single input tensor
 * @param output the single output tensor (class probabilities)
 * @param weights the weights by bioimage.io format key, in the file's order, e.g.
 *          {@value #TENSORFLOW_WEIGHTS} (the SavedModel folder, its folder checksum and {@code tensorflow_version})
 *          or {@value #ONNX_WEIGHTS} (the .onnx file and its {@code opset_version})
 * @param network the network configuration as given by the caller (plain data: maps, lists, text, numbers);
 *          empty for a model from elsewhere
 * @param elementSizeUm the pixel (voxel) size the model was trained at, in micrometres, one per space axis of
 *          the input in its order (z y x or y x); empty when it is unknown ({@code element_size_um: unknown}, e.g.
 *          a model trained on images of several sizes), so that images are never rescaled for it
 * @param classNames one name per output class (channel)
 * @param normalization the input normalization
 * @param training training parameters and history as given by the caller (plain data)
 * @param postprocessing the post-processing steps to run after the network ({@code config.unet.postprocessing}),
 *          each a key and its parameters; empty for the defaults
 * @param created when the model was created; may be {@code null}
 * @param unetFijiVersion the plugin version that created it; may be {@code null}
 * @param extra the top-level fields this plugin does not use (e.g. {@code covers}, {@code maintainers}), as read and
 *          in file order, so that rewriting a descriptor from elsewhere keeps them; empty for this plugin's models
 */
public record ModelDescriptor(String formatVersion, String name, String description, List<Author> authors,
	List<Citation> cite, String license, String documentation, List<String> tags, TensorDescription input,
	TensorDescription output, Map<String, WeightsEntry> weights, Map<String, Object> network,
	List<Double> elementSizeUm, List<String> classNames, NormalizationSpec normalization, Map<String, Object> training,
	List<Processing> postprocessing, Instant created, String unetFijiVersion, Map<String, Object> extra) {

	/** The format version this plugin writes. */
	public static final String FORMAT_VERSION = "0.5.3";
	/** bioimage.io weights format key of a TensorFlow SavedModel. */
	public static final String TENSORFLOW_WEIGHTS = "tensorflow_saved_model_bundle";
	/** bioimage.io weights format key of an ONNX file. */
	public static final String ONNX_WEIGHTS = "onnx";
	/** The attribute of {@value #TENSORFLOW_WEIGHTS} naming the TensorFlow version that wrote them. */
	public static final String TENSORFLOW_VERSION = "tensorflow_version";
	/** The attribute of {@value #ONNX_WEIGHTS} giving the ONNX operator set. */
	public static final String OPSET_VERSION = "opset_version";

	public ModelDescriptor {
		requireText(formatVersion, "format_version");
		requireText(name, "name");
		requireText(description, "description");
		requireText(license, "license");
		requireText(documentation, "documentation");
		authors = List.copyOf(authors);
		cite = List.copyOf(cite);
		extra = PlainData.copyMap(extra == null ? Map.of() : extra, "extra fields");
		tags = tags == null ? List.of() : List.copyOf(tags);
		elementSizeUm = List.copyOf(elementSizeUm);
		classNames = List.copyOf(classNames);
		network = PlainData.copyMap(network, "network");
		training = PlainData.copyMap(training, "training");
		postprocessing = postprocessing == null ? List.of() : List.copyOf(postprocessing);
		if (authors.isEmpty()) throw new IllegalArgumentException("authors: at least one author is required");
		if (cite.isEmpty()) throw new IllegalArgumentException("cite: at least one citation is required");
		if (input == null || output == null) throw new IllegalArgumentException("an input and an output are required");
		if (normalization == null) throw new IllegalArgumentException("config.unet.normalization is required");
		weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
		WeightsEntry onnx = weights.get(ONNX_WEIGHTS);
		if (onnx != null) {
			if (onnx.file() == null || !(onnx.attribute(OPSET_VERSION) instanceof Number)) {
				throw new IllegalArgumentException(
					"weights.onnx needs both its file and its opset_version (7 or " + "more)");
			}
			long opset = ((Number) onnx.attribute(OPSET_VERSION)).longValue();
			if (opset < 7) {
				throw new IllegalArgumentException("weights.onnx.opset_version must be 7 or more, not " + opset);
			}
		}
		List<String> space = input.spaceAxisIds();
		if (!elementSizeUm.isEmpty() && elementSizeUm.size() != space.size()) {
			throw new IllegalArgumentException("config.unet.element_size_um has " + elementSizeUm.size() +
				" values but input '" + input.id() + "' has " + space.size() + " space axes " + space +
				"; give one element size (micrometres) per space axis");
		}
		for (double size : elementSizeUm) {
			if (!(size > 0) || Double.isInfinite(size)) {
				throw new IllegalArgumentException(
					"config.unet.element_size_um must hold positive sizes, not " + elementSizeUm);
			}
		}
		if (classNames.isEmpty()) throw new IllegalArgumentException("config.unet.class_names is required");
		int channels = output.channelAxis().map(axis -> axis.channelNames().size()).orElse(1);
		if (channels != classNames.size()) {
			throw new IllegalArgumentException("config.unet.class_names has " + classNames.size() +
				" names but output '" + output.id() + "' has " + channels + " channels; give one name per class");
		}
	}

	/**
	 * A builder with format version {@value #FORMAT_VERSION}, documentation {@code README.md} and a
	 * {@value #TENSORFLOW_WEIGHTS} entry for TensorFlow 2.18 whose file {@link ModelPackage#write} fills in.
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding this descriptor's values. */
	public Builder toBuilder() {
		Builder b = new Builder();
		b.formatVersion = formatVersion;
		b.name = name;
		b.description = description;
		b.authors.addAll(authors);
		b.cite.addAll(cite);
		b.license = license;
		b.documentation = documentation;
		b.tags.addAll(tags);
		b.input = input;
		b.output = output;
		b.weights.clear();
		b.weights.putAll(weights);
		b.network = network;
		b.elementSizeUm = elementSizeUm;
		b.classNames = classNames;
		b.normalization = normalization;
		b.training = training;
		b.postprocessing = postprocessing;
		b.created = created;
		b.unetFijiVersion = unetFijiVersion;
		b.extra = extra;
		return b;
	}

	/**
	 * The weight formats this descriptor gives files for, in the order this plugin prefers them
	 * ({@value #TENSORFLOW_WEIGHTS} first: it can also train; then the others in the file's order), e.g.
	 * {@code [tensorflow_saved_model_bundle, onnx]}.
	 */
	public List<String> weightFormats() {
		List<String> formats = new ArrayList<>();
		weights.forEach((format, entry) -> {
			if (entry.file() != null) formats.add(format.equals(TENSORFLOW_WEIGHTS) ? 0 : formats.size(), format);
		});
		return formats;
	}

	/**
	 * The element size as people read it: {@code [0.284, 0.127, 0.127] µm}, {@code unknown (images are not
	 * rescaled)} for a model of ours that records none, {@code not stated} for a model from elsewhere.
	 */
	public String describeElementSize() {
		if (!elementSizeUm.isEmpty()) return elementSizeUm + " µm";
		return hasNetworkConfig() ? "unknown (images are not rescaled)" : "not stated";
	}

	/** Whether this is one of our own models, with the {@code config.unet} network configuration. */
	public boolean hasNetworkConfig() {
		return !network.isEmpty();
	}

	/** The element size as an array, in the order of the input's space axes. */
	public double[] elementSizeArray() {
		return elementSizeUm.stream().mapToDouble(Double::doubleValue).toArray();
	}

	private static void requireText(String value, String field) {
		if (value == null || value.isBlank()) throw new IllegalArgumentException(field + " is required");
	}

	/** Collects the values of a {@link ModelDescriptor}. */
	public static final class Builder {

		private String formatVersion = FORMAT_VERSION;
		private String name;
		private String description;
		private final List<Author> authors = new ArrayList<>();
		private final List<Citation> cite = new ArrayList<>();
		private String license;
		private String documentation = ModelPackage.DOCUMENTATION_FILE;
		private final List<String> tags = new ArrayList<>();
		private TensorDescription input;
		private TensorDescription output;
		private final Map<String, WeightsEntry> weights = new LinkedHashMap<>(
			Map.of(TENSORFLOW_WEIGHTS, WeightsEntry.pending(TENSORFLOW_VERSION, "2.18")));
		private Map<String, Object> network;
		private List<Double> elementSizeUm = List.of();
		private List<String> classNames = List.of();
		private NormalizationSpec normalization;
		private Map<String, Object> training;
		private List<Processing> postprocessing = List.of();
		private Instant created;
		private String unetFijiVersion;
		private Map<String, Object> extra = Map.of();

		private Builder() {}

		public Builder formatVersion(String value) {
			formatVersion = value;
			return this;
		}

		public Builder name(String value) {
			name = value;
			return this;
		}

		public Builder description(String value) {
			description = value;
			return this;
		}

		/** Adds an author. */
		public Builder author(Author value) {
			authors.add(value);
			return this;
		}

		/** Adds a citation. */
		public Builder cite(Citation value) {
			cite.add(value);
			return this;
		}

		public Builder license(String value) {
			license = value;
			return this;
		}

		public Builder documentation(String value) {
			documentation = value;
			return this;
		}

		/** Adds tags. */
		public Builder tags(String... values) {
			tags.addAll(List.of(values));
			return this;
		}

		public Builder input(TensorDescription value) {
			input = value;
			return this;
		}

		public Builder output(TensorDescription value) {
			output = value;
			return this;
		}

		/** Sets (or, for {@code null}, removes) the weights of one format, keeping the place of an existing one. */
		public Builder weights(String format, WeightsEntry entry) {
			if (entry == null) weights.remove(format);
			else weights.put(format, entry);
			return this;
		}

		/** Removes all weights. */
		public Builder noWeights() {
			weights.clear();
			return this;
		}

		/** The network configuration (copied as plain data; arrays become lists). */
		public Builder network(Map<String, ?> value) {
			network = PlainData.copyMap(value, "network");
			return this;
		}

		/** The element size in micrometres, one per input space axis, in their order. */
		public Builder elementSizeUm(double... values) {
			List<Double> list = new ArrayList<>();
			for (double value : values)
				list.add(value);
			elementSizeUm = list;
			return this;
		}

		public Builder classNames(String... values) {
			classNames = List.of(values);
			return this;
		}

		public Builder normalization(NormalizationSpec value) {
			normalization = value;
			return this;
		}

		/** Training parameters and history (copied as plain data). */
		public Builder training(Map<String, ?> value) {
			training = PlainData.copyMap(value, "training");
			return this;
		}

		/** The post-processing steps, in their order; none for the defaults. */
		public Builder postprocessing(List<Processing> value) {
			postprocessing = value;
			return this;
		}

		public Builder created(Instant value) {
			created = value;
			return this;
		}

		public Builder unetFijiVersion(String value) {
			unetFijiVersion = value;
			return this;
		}

		/** The top-level fields this plugin does not use, kept as they are. */
		public Builder extra(Map<String, ?> value) {
			extra = PlainData.copyMap(value, "extra fields");
			return this;
		}

		/**
		 * The descriptor.
		 *
		 * @throws IllegalArgumentException naming the missing or inconsistent field
		 */
		public ModelDescriptor build() {
			return new ModelDescriptor(formatVersion, name, description, authors, cite, license, documentation, tags,
				input, output, weights, network, elementSizeUm, classNames, normalization, training, postprocessing,
				created, unetFijiVersion, extra);
		}
	}
}
