package org.unetfiji.api;

import java.util.function.BooleanSupplier;

/**
 * Whether the caller of a running command asked it to stop. On the command line that is an interrupt; a Fiji command
 * also registers its own cancel flag for the thread it runs on, because an interrupt can be consumed by code that
 * waits (class loading, native start-up, channel I/O) before the command gets to look at it.
 */
public final class Cancellation {

	private static final BooleanSupplier NEVER = () -> false;
	private static final ThreadLocal<BooleanSupplier> REQUESTED = ThreadLocal.withInitial(() -> NEVER);
	private static final ThreadLocal<Boolean> ASKING = ThreadLocal.withInitial(() -> false);

	private Cancellation() {}

	/** Work that may throw. */
	@FunctionalInterface
	public interface Work {
		void run() throws Exception;
	}

	/**
	 * Runs {@code work} on this thread with {@code requested} as its caller's cancel request, added to any request
	 * of an enclosing call (a Fiji command's flag around a use case's own flag).
	 */
	public static void during(BooleanSupplier requested, Work work) throws Exception {
		BooleanSupplier enclosing = REQUESTED.get();
		REQUESTED.set(enclosing == NEVER ? requested : () -> enclosing.getAsBoolean() || requested.getAsBoolean());
		try {
			work.run();
		}
		finally {
			if (enclosing == NEVER) REQUESTED.remove();
			else REQUESTED.set(enclosing);
		}
	}

	/**
	 * Whether this thread is interrupted or its caller asked to cancel. A flag given to {@link #during} that itself
	 * asks this method (a task called with {@code Cancellation::requested}) adds nothing, rather than recursing.
	 */
	public static boolean requested() {
		if (Thread.currentThread().isInterrupted()) return true;
		if (ASKING.get()) return false;
		ASKING.set(true);
		try {
			return REQUESTED.get().getAsBoolean();
		}
		finally {
			ASKING.set(false);
		}
	}
}
