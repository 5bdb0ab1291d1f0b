package org.unetfiji.training;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Prepares the batches of the coming steps on worker threads, so that the engine never waits for data while
 * the workers keep up. Batches are taken in step order.
 */
final class BatchQueue implements AutoCloseable {

	private final IntFunction<Batch> producer;
	private final int lastStep;
	private final int ahead;
	private final ExecutorService workers;
	private final Map<Integer, Future<Batch>> pending = new HashMap<>();
	private int submitted;
	private long waitedNanos;

	/**
	 * @param producer makes the batch of a step (called on worker threads)
	 * @param firstStep the first step that will be taken
	 * @param threads worker threads
	 */
	BatchQueue(IntFunction<Batch> producer, int firstStep, int lastStep, int threads) {
		this.producer = producer;
		this.lastStep = lastStep;
		this.ahead = 2 * threads;
		this.submitted = firstStep - 1;
		this.workers = Executors.newFixedThreadPool(threads, task -> {
			Thread thread = new Thread(task, "unet-batches");
			thread.setDaemon(true);
			return thread;
		});
	}

	/** The batch of {@code step}, waiting for it when it is not ready yet. */
	Batch take(int step) {
		while (submitted < Math.min(lastStep, step + ahead)) {
			int next = ++submitted;
			pending.put(next, workers.submit(() -> producer.apply(next)));
		}
		Future<Batch> future = pending.remove(step);
		if (future == null) throw new IllegalStateException("batch of step " + step + " was not prepared");
		long start = System.nanoTime();
		try {
			return future.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new java.util.concurrent.CancellationException("interrupted while preparing training data");
		}
		catch (ExecutionException e) {
			if (e.getCause() instanceof RuntimeException r) throw r;
			throw new IllegalStateException("could not prepare a training batch: " + e.getCause(), e.getCause());
		}
		finally {
			waitedNanos += System.nanoTime() - start;
		}
	}

	/** Seconds the caller waited for batches so far. */
	double waitedSeconds() {
		return waitedNanos / 1e9;
	}

	@Override
	public void close() {
		workers.shutdownNow();
	}
}
