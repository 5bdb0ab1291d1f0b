package org.unetfiji.inference.tiling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongUnaryOperator;

import org.unetfiji.engine.EngineMemory;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.image.ops.FrameNormalization;
import org.unetfiji.image.ops.MirrorPadding;
import org.unetfiji.image.ops.PercentileNormalizer;
import org.unetfiji.network.NetworkConfig;

/**
 * Runs a network over a frame tile by tile and blends the tiles, handing out finished planes in z order while later
 * tiles still run, so neither input nor output need be held whole.
 * <p>
 * Three threads overlap: one reads and normalises the next tiles, the calling thread runs the engine on batches of
 * tiles, and one blends finished tiles and passes on finished planes. When the engine runs out of memory, batches are
 * split; when a single tile does not fit, the frame restarts with smaller tiles (if no plane was handed out yet).
 */
public final class TiledPredictor {

	/** Receives finished planes of class probabilities. */
	@FunctionalInterface
	public interface PlaneConsumer {
		/** @param probabilities {@code [class][y * width + x]} of plane {@code z} */
		void accept(long z, float[][] probabilities) throws IOException;
	}

	/** Progress of a frame and notes worth telling the user (such as smaller tiles after running out of memory). */
	public interface Listener {
		void tiles(long done, long total, double secondsLeft);

		void note(String message);

		/** A listener that ignores everything. */
		Listener SILENT = new Listener() {
			@Override
			public void tiles(long done, long total, double secondsLeft) {}

			@Override
			public void note(String message) {}
		};
	}

	private static final int QUEUED_BATCHES = 2;
	/**
	 * Batches whose tiles are on the Java heap at once: those queued for the engine and for blending, one being
	 * prepared, one in the engine and one being blended (inputs and outputs counted alike).
	 */
	static final int BATCHES_IN_FLIGHT = QUEUED_BATCHES + 2;
	private static final long POLL_MS = 50;

	private final Network network;
	private final FrameNormalization normalization;
	private final TileSettings settings;
	private final MemoryBudget budget;
	private int maxBatch = Integer.MAX_VALUE;

	public TiledPredictor(Network network, FrameNormalization normalization, TileSettings settings,
		MemoryBudget budget)
	{
		this.network = network;
		this.normalization = normalization;
		this.settings = settings;
		this.budget = budget;
	}

	public NetworkConfig config() {
		return network.config();
	}

	/** The tiles for one frame of {@code source}; checks that the source suits the network. */
	public TilePlan plan(PlaneSource source) {
		checkFits(source);
		return TilePlanner.plan(frameSize(source), network.config(), settings, budget);
	}

	/** Refuses, with what to do, an image whose dimensionality or channel count the network cannot take. */
	private void checkFits(PlaneSource source) {
		NetworkConfig config = network.config();
		if (config.dims() == 2 && source.sizeZ() > 1) throw new IllegalArgumentException(
			"the model is 2D but the " + "image is a " + source.sizeZ() + "-slice stack; use a 3D model");
		if (config.dims() == 3 && source.sizeZ() == 1)
			throw new IllegalArgumentException("the model is 3D but the " + "image has one slice; use a 2D model");
		if (source.sizeC() != config.inputChannels())
			throw new IllegalArgumentException("the model takes " + config.inputChannels() +
				" channel(s) but the image has " + source.sizeC() + "; keep the channel(s) the model " +
				"was trained on (Image > Color > Split Channels, or Image > Hyperstacks > Make Subset)");
	}

	/** Per input channel, the range of frame {@code t} that the network sees as {@code [0, 1]}. */
	public PercentileNormalizer.Range[] ranges(PlaneSource source, int t) {
		return normalization.ranges(source, t);
	}

	/**
	 * Predicts one block of frame {@code t}: the box of {@code size} voxels {@code (z, y, x)} from {@code start},
	 * from the tiles of the whole frame's {@code plan} that reach into it (the block and its halo) with the whole
	 * frame's normalisation {@code ranges}, so that its probabilities are those of predicting the whole frame.
	 *
	 * @return {@code [class][(z * size[1] + y) * size[2] + x]}
	 * @throws CancellationException when {@code cancelled} turns true
	 */
	public float[][] predictBlock(TilePlan plan, PlaneSource source, int t, PercentileNormalizer.Range[] ranges,
		long[] start, int[] size, Listener listener, BooleanSupplier cancelled) throws IOException
	{
		checkFits(source);
		int classes = network.config().classes();
		int planeSize = size[1] * size[2];
		float[][] block = new float[classes][Math.multiplyExact(planeSize, size[0])];
		long[] tiles = plan.tilesTouching(start, size);
		run(plan, tiles, new BlendedSlab(plan, classes, start, size),
			new InputSlab(source, t, ranges, inputWindow(plan, tiles, source)), (z, p) -> {
				for (int c = 0; c < classes; c++)
					System.arraycopy(p[c], 0, block[c], (int) (z - start[0]) * planeSize, planeSize);
			}, listener, cancelled);
		return block;
	}

	/** The rows and columns of the image that the tiles read, mirrored at the borders: first row, rows, first column, columns. */
	private static int[] inputWindow(TilePlan plan, long[] tiles, PlaneSource source) {
		int[] window = new int[4];
		long[] sizes = { source.sizeY(), source.sizeX() };
		for (int a = 0; a < 2; a++) {
			long from = Long.MAX_VALUE;
			long to = Long.MIN_VALUE;
			for (long number : tiles) {
				long first = plan.tile(number).start()[a + 1];
				from = Math.min(from, first);
				to = Math.max(to, first + plan.tileShape()[a + 1]);
			}
			long low = Long.MAX_VALUE;
			long high = Long.MIN_VALUE;
			for (long i = from; i < to; i++) {
				long inside = MirrorPadding.reflect(i, sizes[a]);
				low = Math.min(low, inside);
				high = Math.max(high, inside);
			}
			window[2 * a] = (int) low;
			window[2 * a + 1] = (int) (high - low + 1);
		}
		return window;
	}

	/**
	 * Predicts frame {@code t} of {@code source}, passing each plane to {@code output} once finished (planes in
	 * order 0, 1, ...).
	 *
	 * @throws CancellationException when {@code cancelled} turns true
	 * @throws IOException from {@code output}
	 */
	public void predict(PlaneSource source, int t, PlaneConsumer output, Listener listener, BooleanSupplier cancelled)
		throws IOException
	{
		checkFits(source);
		PercentileNormalizer.Range[] ranges = normalization.ranges(source, t);
		TileSettings current = settings;
		while (true) {
			TilePlan plan = TilePlanner.plan(frameSize(source), network.config(), current, budget);
			long[] handedOut = { 0 };
			try {
				run(plan, null, new BlendedSlab(plan, network.config().classes()), new InputSlab(source, t, ranges),
					(z, p) -> {
						handedOut[0]++;
						output.accept(z, p);
					}, listener, cancelled);
				return;
			}
			catch (TileTooLarge e) {
				int[] smaller = smallerTile(plan);
				if (handedOut[0] > 0 || smaller == null)
					throw new IllegalStateException("the engine ran out of memory on" + " one tile of " +
						Arrays.toString(plan.tileShape()) + "; use a smaller tile= or more memory", e);
				listener.note("out of memory with tiles of " + TilePlan.size(plan.tileShape(), plan.dims()) +
					"; retrying with " + TilePlan.size(smaller, plan.dims()));
				current = current.withTile(Arrays.copyOfRange(smaller, 3 - plan.dims(), 3));
				maxBatch = Integer.MAX_VALUE; // smaller tiles may fit in larger batches
			}
		}
	}

	/**
	 * Runs the tiles {@code numbers} of {@code plan} (in processing order; null for all) and hands out the planes of
	 * {@code blended} as they are finished.
	 */
	private void run(TilePlan plan, long[] numbers, BlendedSlab blended, InputSlab input, PlaneConsumer output,
		Listener listener, BooleanSupplier cancelled) throws IOException
	{
		int channels = network.config().inputChannels();
		int classes = network.config().classes();
		long tileCount = numbers == null ? plan.tileCount() : numbers.length;
		LongUnaryOperator tileNumber = numbers == null ? i -> i : i -> numbers[(int) i];
		long[] finishedUpTo = { 0 };
		BlockingQueue<Batch> inputs = new ArrayBlockingQueue<>(QUEUED_BATCHES);
		BlockingQueue<Batch> outputs = new ArrayBlockingQueue<>(QUEUED_BATCHES);
		// input arrays the engine is done with, for the next batches: a tile array is often tens of MB, whose
		// allocation (zeroing, humongous regions of the garbage collector) cost as much as filling it
		BlockingQueue<float[]> spareInputs = new ArrayBlockingQueue<>(QUEUED_BATCHES);
		ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
			Thread thread = new Thread(r, "unet-tiles");
			thread.setDaemon(true);
			return thread;
		});
		long start = System.nanoTime();
		try {
			Future<?> reading = threads.submit(() -> {
				for (long first = 0; first < tileCount; first += plan.batch()) {
					int n = (int) Math.min(plan.batch(), tileCount - first);
					int length = Math.toIntExact(n * plan.tileVoxels() * channels);
					float[] spare = spareInputs.poll();
					float[] data = spare != null && spare.length == length ? spare : new float[length];
					for (int i = 0; i < n; i++) {
						TilePlan.Tile tile = plan.tile(tileNumber.applyAsLong(first + i));
						input.dropBefore(tile.start()[0]);
						input.copyTile(tile.start(), plan.tileShape(), data, (int) (i * plan.tileVoxels() * channels));
					}
					inputs.put(new Batch(first, n, new FloatTensor(data, plan.batchShape(n, channels))));
				}
				inputs.put(Batch.END);
				return null;
			});
			Future<?> blending = threads.submit(() -> {
				for (Batch batch = outputs.take(); batch != Batch.END; batch = outputs.take()) {
					int perTile = (int) (plan.tileVoxels() * classes);
					for (int i = 0; i < batch.count(); i++) {
						long k = batch.first() + i;
						TilePlan.Tile tile = plan.tile(tileNumber.applyAsLong(k));
						blended.add(tile, batch.tensor().data(), i * perTile);
						int row = tile.index()[0];
						boolean last = k == tileCount - 1;
						if (last || plan.tile(tileNumber.applyAsLong(k + 1)).index()[0] != row) {
							long end = Math.min(blended.end(),
								last ? Long.MAX_VALUE : plan.planesFinishedAfterRow(row));
							for (long z = Math.max(finishedUpTo[0], blended.start()); z < end; z++)
								output.accept(z, blended.finish(z));
							finishedUpTo[0] = Math.max(finishedUpTo[0], end);
						}
					}
					long done = batch.first() + batch.count();
					double elapsed = (System.nanoTime() - start) / 1e9;
					listener.tiles(done, tileCount, elapsed / done * (tileCount - done));
				}
				return null;
			});
			for (Batch batch = take(inputs, reading); batch != Batch.END; batch = take(inputs, reading)) {
				if (cancelled.getAsBoolean())
					throw new CancellationException("cancelled after " + batch.first() + " of " + tileCount + " tiles");
				put(outputs, new Batch(batch.first(), batch.count(), predict(batch.tensor(), listener)), blending);
				spareInputs.offer(batch.tensor().data());
			}
			put(outputs, Batch.END, blending);
			join(blending);
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** Predicts a batch, splitting it when the engine runs out of memory (and remembering the batch that fits). */
	private FloatTensor predict(FloatTensor batch, Listener listener) {
		int n = (int) batch.size(0);
		if (n > maxBatch) return predictInParts(batch, maxBatch);
		try {
			return network.predict(batch);
		}
		catch (RuntimeException e) {
			if (!EngineMemory.isOutOfMemory(e)) throw e;
			if (n == 1) throw new TileTooLarge(e);
			maxBatch = n / 2;
			listener.note("out of memory with " + n + " tiles per engine call; continuing with " + maxBatch);
			return predictInParts(batch, maxBatch);
		}
	}

	private FloatTensor predictInParts(FloatTensor batch, int partSize) {
		int n = (int) batch.size(0);
		int perInput = batch.data().length / n;
		long[] outShape = batch.shape().clone();
		outShape[outShape.length - 1] = network.config().classes();
		int perOutput = (int) (Arrays.stream(outShape).reduce(1, Math::multiplyExact) / n);
		float[] out = new float[perOutput * n];
		for (int first = 0; first < n; first += partSize) {
			int count = Math.min(partSize, n - first);
			long[] shape = batch.shape().clone();
			shape[0] = count;
			float[] part = Arrays.copyOfRange(batch.data(), first * perInput, (first + count) * perInput);
			FloatTensor result = predict(new FloatTensor(part, shape), Listener.SILENT);
			System.arraycopy(result.data(), 0, out, first * perOutput, result.data().length);
		}
		return new FloatTensor(out, outShape);
	}

	/** The tile shrunk to about half its voxels along the axes that can shrink; null when none can. */
	private int[] smallerTile(TilePlan plan) {
		int[] multiple = network.config().sizeMultiple();
		int[] tile = plan.tileShape();
		int[] smaller = tile.clone();
		double factor = plan.dims() == 3 ? 0.79 : 0.7;
		for (int a = 3 - plan.dims(); a < 3; a++) {
			int m = multiple[a - (3 - plan.dims())];
			smaller[a] = Math.max(m, (int) (tile[a] * factor) / m * m);
		}
		return Arrays.equals(smaller, tile) ? null : smaller;
	}

	private static long[] frameSize(PlaneSource source) {
		return new long[]{ source.sizeZ(), source.sizeY(), source.sizeX() };
	}

	private static Batch take(BlockingQueue<Batch> queue, Future<?> producer) throws IOException {
		while (true) {
			Batch batch = poll(queue);
			if (batch != null) return batch;
			if (producer.isDone()) join(producer);
		}
	}

	private static void put(BlockingQueue<Batch> queue, Batch batch, Future<?> consumer) throws IOException {
		try {
			while (!queue.offer(batch, POLL_MS, TimeUnit.MILLISECONDS))
				if (consumer.isDone()) join(consumer);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancellationException("interrupted");
		}
	}

	private static Batch poll(BlockingQueue<Batch> queue) {
		try {
			return queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancellationException("interrupted");
		}
	}

	/** Waits for a stage and rethrows what it threw. */
	private static void join(Future<?> stage) throws IOException {
		try {
			stage.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancellationException("interrupted");
		}
		catch (ExecutionException e) {
			Throwable cause = e.getCause();
			if (cause instanceof IOException io) throw io;
			if (cause instanceof UncheckedIOException io) throw io.getCause();
			if (cause instanceof RuntimeException runtime) throw runtime;
			if (cause instanceof Error error) throw error;
			throw new IllegalStateException(cause);
		}
	}

	/** Consecutive tiles in one tensor; {@link #END} closes a queue. */
	private record Batch(long first, int count, FloatTensor tensor) {
		static final Batch END = new Batch(-1, 0, null);
	}

	/** A single tile does not fit in the engine's memory. */
	private static final class TileTooLarge extends RuntimeException {
		private static final long serialVersionUID = 1L;

		TileTooLarge(Throwable cause) {
			super(cause.getMessage(), cause);
		}
	}
}
