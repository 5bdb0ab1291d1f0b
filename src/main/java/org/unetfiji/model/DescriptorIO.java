package org.unetfiji.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.unetfiji.engine.Engines;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads and writes {@code rdf.yaml}. Reading builds only plain YAML data (no Java objects from tags), refuses
 * files over {@value #MAX_BYTES} bytes, nesting deeper than {@value #MAX_NESTING} levels and duplicate keys, and
 * checks every field it uses: errors name the field and say what to change.
 */
public final class DescriptorIO {

	/** The largest rdf.yaml read. */
	public static final int MAX_BYTES = 1 << 20;
	/** The deepest nesting of mappings and lists read. */
	public static final int MAX_NESTING = 50;
	private static final int MAX_ALIASES = 50;
	private static final String TF_WEIGHTS = ModelDescriptor.TENSORFLOW_WEIGHTS;
	private static final String ONNX_WEIGHTS = ModelDescriptor.ONNX_WEIGHTS;
	/** Preprocessing steps that only convert the data type and so leave the normalization as it is. */
	private static final String ENSURE_DTYPE = "ensure_dtype";
	/** {@code config.unet.element_size_um} of a model whose pixel size is not known. */
	private static final String UNKNOWN = "unknown";
	/** The preprocessing steps that {@link NormalizationSpec} names (the input's processing runs them all). */
	private static final List<String> NORMALIZATIONS = List.of(NormalizationSpec.SCALE_RANGE,
		NormalizationSpec.ZERO_MEAN_UNIT_VARIANCE);
	/** The top-level fields this plugin reads or writes itself; the others are kept as they are. */
	private static final List<String> USED_FIELDS = List.of("format_version", "type", "name", "description", "license",
		"documentation", "authors", "cite", "tags", "inputs", "outputs", "weights", "config");
	/** The id of a space axis that states none (bioimage.io 0.5). */
	private static final String DEFAULT_SPACE_ID = "x";

	private DescriptorIO() {}

	/** Reads and checks a descriptor file. */
	public static ModelDescriptor read(Path file) throws ModelPackageException {
		byte[] bytes;
		try {
			if (Files.size(file) > MAX_BYTES) {
				throw new ModelPackageException(file + " is larger than " + MAX_BYTES / 1024 + " KiB; a model " +
					"description is a short text file. Check that it is the right file");
			}
			bytes = Files.readAllBytes(file);
		}
		catch (ModelPackageException e) {
			throw e;
		}
		catch (IOException e) {
			throw new ModelPackageException("Cannot read " + file + ": " + e.getMessage(), e);
		}
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException e) {
			throw new ModelPackageException(file + " is not UTF-8 text; save it as UTF-8", e);
		}
		return parse(text, file.toString());
	}

	/**
	 * Parses and checks descriptor text.
	 *
	 * @param name the file name to use in messages
	 */
	public static ModelDescriptor parse(String yamlText, String name) throws ModelPackageException {
		YamlFields fields = new YamlFields(name);
		if (yamlText.length() > MAX_BYTES) throw fields.error("it is larger than " + MAX_BYTES / 1024 + " KiB");
		Object root;
		try {
			root = newYaml().load(yamlText);
		}
		catch (MarkedYAMLException e) {
			Mark mark = e.getProblemMark();
			throw new ModelPackageException(name + " is not valid YAML: " + e.getProblem() +
				(mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)) +
				". Fix the YAML syntax (indentation, colons, quotes) there", e);
		}
		catch (YAMLException e) {
			throw new ModelPackageException(name + " is not valid YAML: " + e.getMessage(), e);
		}
		catch (IllegalArgumentException e) {
			// the YAML library's own value decoders (e.g. !!binary) throw these for malformed values
			throw new ModelPackageException(name + " is not valid YAML: " + e.getMessage(), e);
		}
		if (root == null) throw fields.error("the file is empty; it must hold the model description");
		return read(fields.asMap(root, "the top level"), fields);
	}

	/** The YAML text of a descriptor. */
	public static String toYaml(ModelDescriptor descriptor) {
		return newYaml().dump(toMap(descriptor));
	}

	/** Writes a descriptor file, replacing an existing one. */
	public static void write(ModelDescriptor descriptor, Path file) throws ModelPackageException {
		try {
			Files.writeString(file, toYaml(descriptor), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new ModelPackageException("Cannot write " + file + ": " + e.getMessage(), e);
		}
	}

	private static Yaml newYaml() {
		LoaderOptions loading = new LoaderOptions();
		loading.setCodePointLimit(MAX_BYTES);
		loading.setNestingDepthLimit(MAX_NESTING);
		loading.setMaxAliasesForCollections(MAX_ALIASES);
		loading.setAllowDuplicateKeys(false);
		loading.setAllowRecursiveKeys(false);
		DumperOptions dumping = new DumperOptions();
		dumping.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		dumping.setIndent(2);
		dumping.setIndicatorIndent(2);
		dumping.setIndentWithIndicator(true);
		dumping.setWidth(120);
		dumping.setAllowUnicode(true);
		dumping.setDereferenceAliases(true);
		return new Yaml(new SafeConstructor(loading), new CompactListRepresenter(dumping), dumping, loading);
	}

	/** Writes lists of plain values on one line ({@code [y, x]}) and everything else as indented blocks. */
	private static final class CompactListRepresenter extends Representer {

		CompactListRepresenter(DumperOptions options) {
			super(options);
		}

		@Override
		protected Node representSequence(Tag tag, Iterable<?> sequence, FlowStyle style) {
			Node node = super.representSequence(tag, sequence, style);
			if (node instanceof SequenceNode &&
				((SequenceNode) node).getValue().stream().allMatch(item -> item instanceof ScalarNode))
			{
				((SequenceNode) node).setFlowStyle(FlowStyle.FLOW);
			}
			return node;
		}
	}

	// -- reading

	private static ModelDescriptor read(Map<String, Object> rdf, YamlFields f) throws ModelPackageException {
		String version = f.requireText(rdf, "", "format_version");
		if (Descriptor04.is04(version)) {
			rdf = Descriptor04.convert(rdf, f);
			version = f.requireText(rdf, "", "format_version");
		}
		if (!version.matches("0\\.5(\\.\\d+)?")) {
			throw f.error("format_version '" + version + "' is not supported; this plugin reads bioimage.io model " +
				"descriptions 0.4.x and 0.5.x. Update the file to 0.5 (bioimageio.spec's update_format) or export " +
				"the model again");
		}
		String type = f.requireText(rdf, "", "type");
		if (!type.equals("model")) throw f.error("'type' is '" + type + "' but must be 'model'");

		ModelDescriptor.Builder b = ModelDescriptor.builder().formatVersion(version)
			.name(f.requireText(rdf, "", "name")).description(f.requireText(rdf, "", "description"))
			.license(f.requireText(rdf, "", "license")).documentation(f.requireText(rdf, "", "documentation"));
		List<?> authors = f.requireList(rdf, "", "authors");
		for (int i = 0; i < authors.size(); i++) {
			String path = "authors[" + i + "]";
			Map<String, Object> a = f.asMap(authors.get(i), path);
			String name = f.requireText(a, path, "name");
			String affiliation = f.optionalText(a, path, "affiliation");
			String github = f.optionalText(a, path, "github_user");
			String orcid = f.optionalText(a, path, "orcid");
			b.author(f.build(path, () -> new Author(name, affiliation, github, orcid)));
		}
		List<?> cite = f.requireList(rdf, "", "cite");
		for (int i = 0; i < cite.size(); i++) {
			String path = "cite[" + i + "]";
			Map<String, Object> c = f.asMap(cite.get(i), path);
			String text = f.requireText(c, path, "text");
			String doi = f.optionalText(c, path, "doi");
			String url = f.optionalText(c, path, "url");
			b.cite(f.build(path, () -> new Citation(text, doi, url)));
		}
		List<?> tags = f.optionalList(rdf, "", "tags");
		for (int i = 0; i < tags.size(); i++)
			b.tags(f.asText(tags.get(i), "tags[" + i + "]"));
		Map<String, Object> inputMap = single(rdf, "inputs", f);
		TensorDescription input = tensor(inputMap, "inputs[0]", "input", "preprocessing", f);
		Map<String, Object> outputMap = single(rdf, "outputs", f);
		TensorDescription output = tensor(outputMap, "outputs[0]", "output", "postprocessing", f);
		b.input(input).output(output);
		readWeights(f.requireMap(rdf, "", "weights"), b, f);
		Map<String, Object> extra = new LinkedHashMap<>(rdf);
		extra.keySet().removeAll(USED_FIELDS);
		f.build("", () -> b.extra(extra));
		Map<String, Object> config = f.optionalMap(rdf, "", "config");
		if (config.containsKey("unet")) readConfig(config, b, f);
		else {
			readStandardFields(inputMap, input, output, b, f);
			checkOutputSize(inputMap, outputMap, input, output, f);
		}
		return f.build("", b::build);
	}

	private static Map<String, Object> single(Map<String, Object> rdf, String key, YamlFields f)
		throws ModelPackageException
	{
		List<?> list = f.requireList(rdf, "", key);
		if (list.size() != 1) {
			throw f.error("'" + key + "' lists " + list.size() + " tensors; this plugin runs models with exactly " +
				"one input and one output");
		}
		return f.asMap(list.get(0), key + "[0]");
	}

	/** A tensor; its id defaults to {@code defaultId} ({@code input} or {@code output}) as in the 0.5 spec. */
	private static TensorDescription tensor(Map<String, Object> t, String path, String defaultId, String processingKey,
		YamlFields f) throws ModelPackageException
	{
		String id = t.containsKey("id") ? f.requireText(t, path, "id") : defaultId;
		List<?> axisList = f.requireList(t, path, "axes");
		List<Axis> axes = new ArrayList<>();
		for (int i = 0; i < axisList.size(); i++) {
			axes.add(axis(f.asMap(axisList.get(i), path + ".axes[" + i + "]"), path + ".axes[" + i + "]", f));
		}
		String testPath = YamlFields.join(path, "test_tensor");
		Map<String, Object> testMap = f.requireMap(t, path, "test_tensor");
		String testSource = f.requireText(testMap, testPath, "source");
		FileReference test = testMap.containsKey("sha256") ? fileReference(testMap, testPath, f)
			: f.build(testPath, () -> new FileReference(testSource, null));
		List<Processing> processing = processing(t, path, processingKey, f);
		return f.build(path, () -> new TensorDescription(id, axes, test, processing));
	}

	/** The optional list of processing steps ({@code id} and {@code kwargs} each) under {@code key}. */
	private static List<Processing> processing(Map<String, Object> map, String path, String key, YamlFields f)
		throws ModelPackageException
	{
		List<?> steps = f.optionalList(map, path, key);
		List<Processing> processing = new ArrayList<>();
		for (int i = 0; i < steps.size(); i++) {
			String stepPath = path + "." + key + "[" + i + "]";
			Map<String, Object> step = f.asMap(steps.get(i), stepPath);
			String stepId = f.requireText(step, stepPath, "id");
			Map<String, Object> kwargs = f.optionalMap(step, stepPath, "kwargs");
			processing.add(f.build(stepPath, () -> new Processing(stepId, kwargs)));
		}
		return processing;
	}

	private static Axis axis(Map<String, Object> a, String path, YamlFields f) throws ModelPackageException {
		String typeName = f.requireText(a, path, "type");
		Axis.Type type = null;
		for (Axis.Type candidate : Axis.Type.values()) {
			if (candidate.yamlName().equals(typeName)) type = candidate;
		}
		if (type == null) {
			throw f.error("'" + path + ".type' is '" + typeName + "', an axis type this plugin does not know; " +
				"it runs tensors with batch, channel and space axes only");
		}
		String id = f.optionalText(a, path, "id");
		if (id == null && type == Axis.Type.SPACE) id = DEFAULT_SPACE_ID;
		long halo = f.optionalWholeNumber(a, path, "halo", 0);
		List<String> channelNames = new ArrayList<>();
		List<?> names = f.optionalList(a, path, "channel_names");
		for (int i = 0; i < names.size(); i++) {
			channelNames.add(f.asText(names.get(i), path + ".channel_names[" + i + "]"));
		}
		AxisSize size = type == Axis.Type.SPACE ? size(a, path, f) : null;
		Axis.Type axisType = type;
		String axisId = id;
		return f.build(path, () -> new Axis(axisType, axisId, size, channelNames, halo));
	}

	private static AxisSize size(Map<String, Object> a, String path, YamlFields f) throws ModelPackageException {
		Object value = f.require(a, path, "size");
		String sizePath = path + ".size";
		if (!(value instanceof Map)) {
			if (!(value instanceof Integer || value instanceof Long)) {
				throw f.error("'" + sizePath + "' must be a whole number, {min, step} or {tensor_id, axis_id}, but " +
					"it is " + value + ". Fix it in the file");
			}
			long fixed = ((Number) value).longValue();
			return f.build(sizePath, () -> new AxisSize.Fixed(fixed));
		}
		Map<String, Object> s = f.asMap(value, sizePath);
		if (s.containsKey("tensor_id") || s.containsKey("axis_id")) {
			String tensorId = f.requireText(s, sizePath, "tensor_id");
			String axisId = f.requireText(s, sizePath, "axis_id");
			long offset = f.optionalWholeNumber(s, sizePath, "offset", 0);
			return f.build(sizePath, () -> new AxisSize.Reference(tensorId, axisId, offset));
		}
		long min = f.requireWholeNumber(s, sizePath, "min");
		long step = f.requireWholeNumber(s, sizePath, "step");
		return f.build(sizePath, () -> new AxisSize.Parameterized(min, step));
	}

	private static FileReference fileReference(Map<String, Object> map, String path, YamlFields f)
		throws ModelPackageException
	{
		String source = f.requireText(map, path, "source");
		String sha256 = f.requireText(map, path, "sha256");
		return f.build(path, () -> new FileReference(source, sha256));
	}

	/**
	 * Reads every weights entry as it is: a file reference where the entry has {@code source} and {@code sha256}
	 * (required for {@value #TF_WEIGHTS} and {@value #ONNX_WEIGHTS}), its other keys as attributes.
	 */
	private static void readWeights(Map<String, Object> weights, ModelDescriptor.Builder b, YamlFields f)
		throws ModelPackageException
	{
		List<String> runnable = Engines.weightFormats();
		List<String> formats = weights.keySet().stream().map(String::valueOf).toList();
		if (formats.stream().noneMatch(runnable::contains)) {
			throw f.error(
				"'weights' has no format this plugin runs (it has: " + String.join(", ", formats) + "); it runs " +
					String.join(", ", runnable.subList(0, runnable.size() - 1))
						.concat(runnable.size() > 1 ? " and " : "") +
					runnable.get(runnable.size() - 1) + ". Convert the model to ONNX or train one " +
					"with U-Net for Fiji");
		}
		b.noWeights();
		for (String format : formats) {
			String path = "weights." + format;
			Map<String, Object> entry = new LinkedHashMap<>(f.requireMap(weights, "weights", format));
			boolean known = format.equals(TF_WEIGHTS) || format.equals(ONNX_WEIGHTS);
			FileReference file = known || entry.containsKey("source") && entry.containsKey("sha256")
				? fileReference(entry, path, f) : null;
			if (file != null) {
				entry.remove("source");
				entry.remove("sha256");
			}
			if (format.equals(TF_WEIGHTS)) {
				entry.put(ModelDescriptor.TENSORFLOW_VERSION,
					f.requireText(entry, path, ModelDescriptor.TENSORFLOW_VERSION));
			}
			if (format.equals(ONNX_WEIGHTS)) {
				long opset = f.requireWholeNumber(entry, path, ModelDescriptor.OPSET_VERSION);
				entry.put(ModelDescriptor.OPSET_VERSION, (int) Math.min(opset, Integer.MAX_VALUE));
			}
			b.weights(format, f.build(path, () -> new WeightsEntry(file, entry)));
		}
	}

	/**
	 * Classes, normalization and element size of a model from elsewhere (no {@code config.unet}), from the standard
	 * fields: the output's channel names, the input's normalizing preprocessing step, the space axes' scales.
	 */
	private static void readStandardFields(Map<String, Object> inputMap, TensorDescription input,
		TensorDescription output, ModelDescriptor.Builder b, YamlFields f) throws ModelPackageException
	{
		b.classNames(
			output.channelAxis().map(a -> a.channelNames().toArray(String[]::new)).orElse(new String[]{ output.id() }));
		b.network(Map.of());
		NormalizationSpec normalization = new NormalizationSpec(NormalizationSpec.NONE, Map.of());
		List<Processing> normalizing = input.processing().stream().filter(step -> !step.id().equals(ENSURE_DTYPE))
			.toList();
		if (normalizing.size() == 1 && NORMALIZATIONS.contains(normalizing.get(0).id())) {
			Processing step = normalizing.get(0);
			Map<String, Object> parameters = new LinkedHashMap<>(step.kwargs());
			parameters.remove("axes");
			normalization = f.build("inputs[0].preprocessing", () -> new NormalizationSpec(step.id(), parameters));
		}
		b.normalization(normalization);
		List<?> axes = f.requireList(inputMap, "inputs[0]", "axes");
		List<Double> scales = new ArrayList<>();
		boolean stated = false;
		for (int i = 0; i < axes.size(); i++) {
			Map<String, Object> axis = f.asMap(axes.get(i), "inputs[0].axes[" + i + "]");
			if (!Axis.Type.SPACE.yamlName().equals(axis.get("type"))) continue;
			Object scale = axis.get("scale");
			stated |= scale != null;
			scales.add(scale == null ? 1.0 : f.asNumber(scale, "inputs[0].axes[" + i + "].scale"));
		}
		// no scale on any axis: the element size is not stated (rather than 1 µm)
		b.elementSizeUm(stated ? scales.stream().mapToDouble(Double::doubleValue).toArray() : new double[0]);
	}

	/**
	 * Refuses, naming the axis, an output of a model from elsewhere whose space axes are not those of the input:
	 * another fixed size, a size referring elsewhere or with an offset, a free size, another {@code scale}.
	 */
	private static void checkOutputSize(Map<String, Object> inputMap, Map<String, Object> outputMap,
		TensorDescription input, TensorDescription output, YamlFields f) throws ModelPackageException
	{
		List<?> inputAxes = f.requireList(inputMap, "inputs[0]", "axes");
		List<?> outputAxes = f.requireList(outputMap, "outputs[0]", "axes");
		for (int i = 0; i < output.axes().size(); i++) {
			Axis axis = output.axes().get(i);
			if (axis.type() != Axis.Type.SPACE) continue;
			int in = input.axes().indexOf(input.axes().stream()
				.filter(a -> a.type() == Axis.Type.SPACE && a.id().equals(axis.id())).findFirst().orElse(null));
			String problem = null;
			if (in < 0) problem = "the input has no space axis '" + axis.id() + "'";
			else if (axis.size() instanceof AxisSize.Reference reference) {
				if (!reference.tensorId().equals(input.id()) || !reference.axisId().equals(axis.id()) ||
					reference.offset() != 0)
					problem = "its size " + sizeValue(reference) + " is not that of the input's axis '" + axis.id() +
						"'";
			}
			else if (!axis.size().equals(input.axes().get(in).size())) problem = "its size " + sizeValue(axis.size()) +
				" is not the input's " + sizeValue(input.axes().get(in).size());
			double scale = scale(outputAxes.get(i), "outputs[0].axes[" + i + "]", f);
			double inputScale = in < 0 ? scale : scale(inputAxes.get(in), "inputs[0].axes[" + in + "]", f);
			if (problem == null && scale != inputScale)
				problem = "its scale " + scale + " is not the input's " + inputScale;
			if (problem != null) throw f.error("'outputs[0].axes[" + i + "]': " + problem + "; outputs of another " +
				"size than the input are not supported yet");
		}
	}

	private static double scale(Object axis, String path, YamlFields f) throws ModelPackageException {
		Object scale = f.asMap(axis, path).get("scale");
		return scale == null ? 1 : f.asNumber(scale, path + ".scale");
	}

	private static void readConfig(Map<String, Object> config, ModelDescriptor.Builder b, YamlFields f)
		throws ModelPackageException
	{
		String path = "config.unet";
		Map<String, Object> unet = f.requireMap(config, "config", "unet");
		Map<String, Object> network = f.requireMap(unet, path, "network");
		f.build(path + ".network", () -> b.network(network));
		List<?> sizes = UNKNOWN.equals(unet.get("element_size_um")) ? List.of()
			: f.requireList(unet, path, "element_size_um");
		double[] elementSize = new double[sizes.size()];
		for (int i = 0; i < elementSize.length; i++) {
			elementSize[i] = f.asNumber(sizes.get(i), path + ".element_size_um[" + i + "]");
		}
		b.elementSizeUm(elementSize);
		List<?> classes = f.requireList(unet, path, "class_names");
		String[] classNames = new String[classes.size()];
		for (int i = 0; i < classNames.length; i++) {
			classNames[i] = f.asText(classes.get(i), path + ".class_names[" + i + "]");
		}
		b.classNames(classNames);
		String normPath = path + ".normalization";
		Map<String, Object> norm = f.requireMap(unet, path, "normalization");
		String method = f.requireText(norm, normPath, "method");
		Map<String, Object> parameters = f.optionalMap(norm, normPath, "parameters");
		b.normalization(f.build(normPath, () -> new NormalizationSpec(method, parameters)));
		Map<String, Object> training = f.optionalMap(unet, path, "training");
		f.build(path + ".training", () -> b.training(training));
		b.postprocessing(processing(unet, path, "postprocessing", f));
		b.created(created(unet.get("created"), path + ".created", f));
		b.unetFijiVersion(f.optionalText(unet, path, "unet_fiji_version"));
	}

	private static Instant created(Object value, String path, YamlFields f) throws ModelPackageException {
		if (value == null) return null;
		if (value instanceof Date) return ((Date) value).toInstant();
		String text = f.asText(value, path);
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException e) {
			throw f.error("'" + path + "' is '" + text + "', not a UTC time such as 2025-01-31T12:00:00Z. Fix it");
		}
	}

	// -- writing

	private static Map<String, Object> toMap(ModelDescriptor d) {
		Map<String, Object> rdf = new LinkedHashMap<>();
		rdf.put("format_version", d.formatVersion());
		rdf.put("type", "model");
		rdf.put("name", d.name());
		rdf.put("description", d.description());
		List<Object> authors = new ArrayList<>();
		for (Author a : d.authors()) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("name", a.name());
			putIfPresent(m, "affiliation", a.affiliation());
			putIfPresent(m, "github_user", a.githubUser());
			putIfPresent(m, "orcid", a.orcid());
			authors.add(m);
		}
		rdf.put("authors", authors);
		List<Object> cite = new ArrayList<>();
		for (Citation c : d.cite()) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("text", c.text());
			putIfPresent(m, "doi", c.doi());
			putIfPresent(m, "url", c.url());
			cite.add(m);
		}
		rdf.put("cite", cite);
		rdf.put("license", d.license());
		rdf.put("documentation", d.documentation());
		if (!d.tags().isEmpty()) rdf.put("tags", d.tags());
		rdf.put("inputs", List.of(tensorMap(d.input(), "preprocessing")));
		rdf.put("outputs", List.of(tensorMap(d.output(), "postprocessing")));
		Map<String, Object> weights = new LinkedHashMap<>();
		d.weights().forEach((format, entry) -> weights.put(format, entry.toMap()));
		rdf.put("weights", weights);
		d.extra().forEach(rdf::putIfAbsent);
		if (d.hasNetworkConfig()) rdf.put("config", Map.of("unet", unetSection(d)));
		return rdf;
	}

	/** The {@code config.unet} section: this plugin's own fields. */
	private static Map<String, Object> unetSection(ModelDescriptor d) {
		Map<String, Object> unet = new LinkedHashMap<>();
		unet.put("network", d.network());
		unet.put("element_size_um", d.elementSizeUm().isEmpty() ? UNKNOWN : d.elementSizeUm());
		unet.put("class_names", d.classNames());
		Map<String, Object> norm = new LinkedHashMap<>();
		norm.put("method", d.normalization().method());
		if (!d.normalization().parameters().isEmpty()) norm.put("parameters", d.normalization().parameters());
		unet.put("normalization", norm);
		if (!d.training().isEmpty()) unet.put("training", d.training());
		if (!d.postprocessing().isEmpty()) unet.put("postprocessing", processingList(d.postprocessing()));
		if (d.created() != null) unet.put("created", d.created().toString());
		putIfPresent(unet, "unet_fiji_version", d.unetFijiVersion());
		return unet;
	}

	private static Map<String, Object> tensorMap(TensorDescription t, String processingKey) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("id", t.id());
		List<Object> axes = new ArrayList<>();
		for (Axis axis : t.axes()) {
			Map<String, Object> a = new LinkedHashMap<>();
			a.put("type", axis.type().yamlName());
			if (!axis.id().equals(axis.type().yamlName())) a.put("id", axis.id());
			if (axis.type() == Axis.Type.SPACE) {
				a.put("size", sizeValue(axis.size()));
				if (axis.halo() > 0) a.put("halo", axis.halo());
			}
			if (axis.type() == Axis.Type.CHANNEL) a.put("channel_names", axis.channelNames());
			axes.add(a);
		}
		m.put("axes", axes);
		if (t.testTensor() != null) m.put("test_tensor", fileMap(t.testTensor()));
		if (!t.processing().isEmpty()) m.put(processingKey, processingList(t.processing()));
		return m;
	}

	private static List<Object> processingList(List<Processing> processing) {
		List<Object> steps = new ArrayList<>();
		for (Processing p : processing) {
			Map<String, Object> step = new LinkedHashMap<>();
			step.put("id", p.id());
			if (!p.kwargs().isEmpty()) step.put("kwargs", p.kwargs());
			steps.add(step);
		}
		return steps;
	}

	private static Object sizeValue(AxisSize size) {
		if (size instanceof AxisSize.Fixed) return ((AxisSize.Fixed) size).size();
		Map<String, Object> m = new LinkedHashMap<>();
		if (size instanceof AxisSize.Parameterized) {
			m.put("min", ((AxisSize.Parameterized) size).min());
			m.put("step", ((AxisSize.Parameterized) size).step());
		}
		else {
			AxisSize.Reference ref = (AxisSize.Reference) size;
			m.put("tensor_id", ref.tensorId());
			m.put("axis_id", ref.axisId());
			m.put("offset", ref.offset());
		}
		return m;
	}

	private static Map<String, Object> fileMap(FileReference file) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("source", file.source());
		putIfPresent(m, "sha256", file.sha256());
		return m;
	}

	private static void putIfPresent(Map<String, Object> map, String key, String value) {
		if (value != null) map.put(key, value);
	}
}
