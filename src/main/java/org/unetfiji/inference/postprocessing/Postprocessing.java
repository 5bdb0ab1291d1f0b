package org.unetfiji.inference.postprocessing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.unetfiji.inference.postprocessing.PostprocessingStep.Classes;
import org.unetfiji.inference.postprocessing.PostprocessingStep.Instances;
import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.model.Processing;
import org.unetfiji.plugin.Services;

/**
 * The post-processing chain of a segmentation: one step that labels classes and one that finds instances, read
 * from a model package's {@code config.unet.postprocessing} (a list of {@code {id: KEY, kwargs: {...}}}, in the
 * form of bioimage.io's processing steps); a kind of step not recorded is the default ({@link Argmax} then
 * {@link Components} with {@code min_size: 0}), which is what every model without a record gets. Immutable.
 */
public final class Postprocessing {

	private static Map<String, PostprocessingStep> registry;

	private final List<Processing> steps;
	private final Classes classes;
	private final Instances instances;

	private Postprocessing(List<Processing> steps, Classes classes, Instances instances) {
		this.steps = steps;
		this.classes = classes;
		this.instances = instances;
	}

	/** Argmax, then components with no minimum size. */
	public static Postprocessing defaults() {
		return of(List.of());
	}

	/** Argmax, then components of at least {@code minSize} voxels. */
	public static Postprocessing defaults(long minSize) {
		return defaults().withMinSize(minSize);
	}

	/**
	 * The chain a model package records, or the defaults.
	 *
	 * @throws IllegalArgumentException for a step this plugin does not know or a parameter out of range
	 */
	public static Postprocessing forModel(ModelDescriptor model) {
		return of(model.postprocessing());
	}

	/**
	 * The chain of these steps, the kinds not given filled in with the defaults.
	 *
	 * @throws IllegalArgumentException for an unknown key or parameter, a value out of range, or two steps of one
	 *           kind
	 */
	public static Postprocessing of(List<Processing> steps) {
		Configured classes = null;
		Configured instances = null;
		for (Processing spec : steps) {
			Configured step = configure(spec);
			if (step.stage() instanceof Classes) {
				if (classes != null) throw twice(classes.spec(), spec, "label classes");
				classes = step;
			}
			else {
				if (instances != null) throw twice(instances.spec(), spec, "find instances");
				instances = step;
			}
		}
		if (classes == null) classes = configure(new Processing(Argmax.KEY, Map.of()));
		if (instances == null) instances = configure(new Processing(Components.KEY, Map.of()));
		return new Postprocessing(List.of(classes.spec(), instances.spec()), (Classes) classes.stage(),
			(Instances) instances.stage());
	}

	/** The keys of every step found, sorted. */
	public static List<String> keys() {
		return List.copyOf(registry().keySet());
	}

	/**
	 * This chain with {@code min_size} set, as {@code min-size=} does over a recorded value.
	 *
	 * @throws IllegalArgumentException when the instance step has no minimum size
	 */
	public Postprocessing withMinSize(long minSize) {
		return with(Components.MIN_SIZE, minSize);
	}

	/**
	 * This chain with classes labelled by {@link Threshold} at {@code threshold}, as {@code threshold=} does over the
	 * recorded labelling (argmax or another threshold).
	 *
	 * @throws IllegalArgumentException for a threshold that is not a probability between 0 and 1
	 */
	public Postprocessing withThreshold(double threshold) {
		return of(List.of(new Processing(Threshold.KEY, Map.of(Threshold.KEY, threshold)), steps.get(1)));
	}

	/**
	 * This chain with {@code parameter} set in every step that takes it.
	 *
	 * @throws IllegalArgumentException when no step takes it, or for a value out of range
	 */
	public Postprocessing with(String parameter, Object value) {
		List<Processing> changed = new ArrayList<>();
		boolean taken = false;
		for (Processing spec : steps) {
			Map<String, Object> kwargs = new LinkedHashMap<>(spec.kwargs());
			if (kwargs.containsKey(parameter)) {
				kwargs.put(parameter, value);
				taken = true;
			}
			changed.add(new Processing(spec.id(), kwargs));
		}
		if (!taken)
			throw new IllegalArgumentException("no post-processing step of " + keysOf(steps) + " takes " + parameter);
		return of(changed);
	}

	/**
	 * The parameters of the step {@code key} with their default values.
	 *
	 * @throws IllegalArgumentException for an unknown key
	 */
	public static Map<String, Object> defaults(String key) {
		return step(key).defaults();
	}

	/** The parameter names of every step found, sorted (e.g. {@code min_size}, {@code seed_distance}). */
	public static SortedSet<String> parameterNames() {
		SortedSet<String> names = new TreeSet<>();
		for (PostprocessingStep step : registry().values())
			names.addAll(step.defaults().keySet());
		return names;
	}

	/**
	 * This chain with its instance step replaced by the step {@code key} with its defaults, except the parameters both
	 * take (e.g. {@code min_size}), which keep their values; the same chain when it already has that step.
	 *
	 * @throws IllegalArgumentException for an unknown key or a step that does not find instances
	 */
	public Postprocessing withInstances(String key) {
		Processing current = steps.get(1);
		if (current.id().equals(key)) return this;
		if (!(configure(new Processing(key, Map.of())).stage() instanceof Instances))
			throw new IllegalArgumentException("post-processing step '" + key + "' does not find instances");
		Map<String, Object> kept = new LinkedHashMap<>();
		Map<String, Object> defaults = step(key).defaults();
		current.kwargs().forEach((name, value) -> {
			if (defaults.containsKey(name)) kept.put(name, value);
		});
		return of(List.of(steps.get(0), new Processing(key, kept)));
	}

	/** The steps with all their parameters, classes first, e.g. for a log or a model package. */
	public List<Processing> steps() {
		return steps;
	}

	public Classes classes() {
		return classes;
	}

	public Instances instances() {
		return instances;
	}

	@Override
	public String toString() {
		return steps.stream().map(s -> s.id() + (s.kwargs().isEmpty() ? "" : " " + new TreeMap<>(s.kwargs()))).toList()
			.toString();
	}

	/** A step with its parameters: the recorded ones over the defaults. */
	private record Configured(Processing spec, PostprocessingStep.Stage stage) {}

	private static Configured configure(Processing spec) {
		PostprocessingStep step = step(spec.id());
		Map<String, Object> kwargs = new TreeMap<>(step.defaults());
		for (Map.Entry<String, Object> e : spec.kwargs().entrySet()) {
			if (!kwargs.containsKey(e.getKey()))
				throw new IllegalArgumentException("post-processing step '" + spec.id() + "' has no parameter '" +
					e.getKey() + "' (it has: " + String.join(", ", kwargs.keySet()) + ")");
			kwargs.put(e.getKey(), e.getValue());
		}
		return new Configured(new Processing(spec.id(), kwargs), step.create(new Parameters(spec.id(), kwargs)));
	}

	private static IllegalArgumentException twice(Processing first, Processing second, String what) {
		return new IllegalArgumentException(
			"post-processing steps '" + first.id() + "' and '" + second.id() + "' both " + what + "; keep one");
	}

	private static List<String> keysOf(List<Processing> steps) {
		return steps.stream().map(Processing::id).toList();
	}

	private static PostprocessingStep step(String key) {
		PostprocessingStep step = registry().get(key);
		if (step == null) throw new IllegalArgumentException(
			"unknown post-processing step '" + key + "' (known: " + String.join(", ", keys()) + ")");
		return step;
	}

	/** The steps on the class path of this package, by key. */
	private static synchronized Map<String, PostprocessingStep> registry() {
		if (registry == null) {
			Map<String, PostprocessingStep> found = new TreeMap<>();
			for (PostprocessingStep step : Services.available(PostprocessingStep.class,
				PostprocessingStep.class.getClassLoader()))
			{
				PostprocessingStep other = found.putIfAbsent(step.key(), step);
				if (other != null)
					throw new IllegalStateException("post-processing steps " + other.getClass().getName() + " and " +
						step.getClass().getName() + " have the same key '" + step.key() + "'");
			}
			registry = found;
		}
		return registry;
	}
}
