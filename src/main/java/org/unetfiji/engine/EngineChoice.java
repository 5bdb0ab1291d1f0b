package org.unetfiji.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The engine that {@code engine=} picks for a model's weights on a platform, or the one that trains: an engine
 * whose libraries have no natives for the platform, or whose natives this installation lacks (a bundle for another
 * platform), is passed over by {@code engine=auto} with a note, and is otherwise refused with one line that says
 * what to do. The providers, the platform and the installed resources are parameters, so that every platform's
 * choice is tested on any machine; {@link Engines} calls it with this JVM's.
 *
 * @param provider the engine to start
 * @param note why {@code engine=auto} passed over an engine that the model has weights for; null when it did not
 */
public record EngineChoice(EngineProvider provider, String note) {

	/** The platforms the engines are built and bundled for, which messages name when an engine runs elsewhere. */
	public static final List<Platform> KNOWN = List.of(Platform.LINUX_X86_64, Platform.LINUX_ARM64,
		Platform.MACOS_ARM64, Platform.MACOS_X86_64, Platform.WINDOWS_X86_64);

	/**
	 * The engine for {@code engine=CHOICE} and a model's weight formats.
	 *
	 * @param weightFormats the model's weight formats, preferred first
	 * @param installed whether a resource (a native library, see {@link EngineProvider#natives}) is there
	 * @throws IllegalArgumentException for an unknown engine, one the model has no weights for, or one that cannot
	 *             run here
	 */
	static EngineChoice of(String choice, List<String> weightFormats, List<EngineProvider> providers, Platform platform,
		Predicate<String> installed)
	{
		if (!Engines.AUTO.equals(choice)) {
			EngineProvider provider = byKey(choice, providers);
			if (provider.weightFormats().stream().noneMatch(weightFormats::contains))
				throw new IllegalArgumentException(
					"engine=" + choice + " needs " + String.join(" or ", provider.weightFormats()) +
						" weights, but the model has " + weightFormats + "; use engine=auto");
			String why = whyNot(provider, platform, installed);
			if (why != null) throw new IllegalArgumentException("engine=" + choice + ": " + why);
			return new EngineChoice(provider, null);
		}
		List<String> passedOver = new ArrayList<>();
		for (String format : weightFormats)
			for (EngineProvider provider : providers) {
				if (!provider.weightFormats().contains(format)) continue;
				String why = whyNot(provider, platform, installed);
				if (why == null)
					return new EngineChoice(provider, passedOver.isEmpty() ? null : String.join("; ", passedOver) +
						"; running the model's " + format + " weights with " + provider.title());
				passedOver.add(why);
			}
		if (passedOver.isEmpty()) throw new IllegalArgumentException(
			"the model's weights " + weightFormats + " have no engine here; supported: " +
				providers.stream().flatMap(p -> p.weightFormats().stream()).distinct().toList());
		List<String> runnable = providers.stream().filter(p -> whyNot(p, platform, installed) == null)
			.flatMap(p -> p.weightFormats().stream()).distinct().toList();
		throw new IllegalArgumentException(
			String.join("; ", passedOver) + "; the model has " + weightFormats + " weights" +
				(runnable.isEmpty() ? ""
					: ", and here " + String.join(" or ", runnable) + " weights run" + (runnable.contains("onnx")
						? " (./unet export model=NAME format=onnx adds them on a computer " + "where TensorFlow runs)"
						: "")));
	}

	/**
	 * The engine that trains, {@code engine=KEY}.
	 *
	 * @throws IllegalArgumentException for an unknown engine, one that only predicts, or one that cannot run here
	 */
	static EngineChoice forTraining(String key, List<EngineProvider> providers, Platform platform,
		Predicate<String> installed)
	{
		EngineProvider provider = byKey(key, providers);
		if (!provider.canTrain()) throw new IllegalArgumentException(
			"engine=" + key + " only runs trained models; train with engine=" + Engines.TENSORFLOW);
		String why = whyNot(provider, platform, installed);
		if (why != null) throw new IllegalArgumentException("training needs " + provider.title() + ", but " + why);
		return new EngineChoice(provider, null);
	}

	private static EngineProvider byKey(String key, List<EngineProvider> providers) {
		return providers.stream().filter(p -> p.key().equals(key)).findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown engine '" + key + "'; choose one of " +
				Stream.concat(Stream.of(Engines.AUTO), providers.stream().map(EngineProvider::key)).toList()));
	}

	/** Why the provider's engine cannot run on the platform, starting with its name; null when it can. */
	static String whyNot(EngineProvider provider, Platform platform, Predicate<String> installed) {
		NativeLibraries libraries = provider.natives();
		if (!libraries.runsOn(platform))
			return provider.title() + " has no native libraries for " + platform + "; it runs on " +
				KNOWN.stream().filter(libraries::runsOn).map(Platform::toString).collect(Collectors.joining(", "));
		List<String> natives = libraries.paths(platform);
		if (natives.isEmpty() || natives.stream().anyMatch(installed)) return null;
		String bundle = platform.bundle();
		return provider.title() + "'s native libraries for " + platform + " are not installed" + (bundle == null ? ""
			: ": install the Fiji bundle for " + bundle + " (unet-fiji-VERSION-fiji-" + bundle + ".zip)");
	}
}
