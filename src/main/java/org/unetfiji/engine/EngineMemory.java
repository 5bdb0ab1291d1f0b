package org.unetfiji.engine;

/**
 * Recognises the engine running out of memory, which tiled inference answers with smaller batches or tiles and
 * training with a clear message.
 */
public final class EngineMemory {

	private EngineMemory() {}

	/**
	 * Whether an exception from the engine says it ran out of memory: TensorFlow throws
	 * {@code TFResourceExhaustedException} ("OOM when allocating tensor ..."); the class is matched by name, as the
	 * engine may live in its own class loader.
	 */
	public static boolean isOutOfMemory(Throwable error) {
		for (Throwable e = error; e != null; e = e.getCause()) {
			String message = String.valueOf(e.getMessage());
			if (e.getClass().getSimpleName().contains("ResourceExhausted") || message.contains("OOM when allocating") ||
				message.contains("ResourceExhausted") || message.contains("RESOURCE_EXHAUSTED")) return true;
		}
		return false;
	}
}
