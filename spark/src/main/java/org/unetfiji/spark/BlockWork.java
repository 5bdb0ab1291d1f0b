package org.unetfiji.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.unetfiji.api.SegmentRequest;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.image.ops.ComponentLabelling;
import org.unetfiji.image.ops.Connectivity;
import org.unetfiji.image.zarr.OmeZarr;
import org.unetfiji.image.zarr.ZarrArray;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.inference.postprocessing.PostprocessingStep;
import org.unetfiji.inference.tiling.MemoryBudget;
import org.unetfiji.inference.tiling.TiledPredictor;
import org.unetfiji.model.ModelPackage;

/**
 * What an executor does with one block, in the job's four passes: segment it (probabilities, class labels and
 * block-local instances), find the instances touching across its lower faces, write its final instance numbers, and
 * fill one chunk of a pyramid level. Every pass writes whole chunks only, always the same bytes for the same block,
 * so a task that Spark runs again (a lost executor) leaves the container as it was. The model is loaded once per
 * executor JVM and shared by its task threads.
 */
final class BlockWork {

	/** Marks the message of a model that an executor cannot read, for the driver's one-line error. */
	static final String MODEL_UNREADABLE = "cannot read the model";

	/** The loaded models of this JVM, by model and options. */
	private static final Map<String, Segmenter> MODELS = new ConcurrentHashMap<>();
	/** Models loaded by this JVM, for the tests. */
	static final AtomicInteger LOADS = new AtomicInteger();

	/** A model loaded on this executor with its tile predictor and class labelling. */
	private record Segmenter(TiledPredictor predictor, PostprocessingStep.Classes classes) {}

	/**
	 * A block's segmentation: its instances numbered 1..count in raster order within the block, with their voxel
	 * counts and the frame raster index of their first voxel ({@code [0]} unused).
	 */
	record Segmented(int block, int count, long[] sizes, long[] firsts, String executor,
		int modelLoads) implements Serializable {}

	/** Two touching instances. */
	private record Pair(long mine, long theirs) {}

	private BlockWork() {}

	/** Pass 1: predicts a block and writes its probabilities, its class labels and its block-local instances. */
	static Segmented segment(SegmentJob job, Block block) throws IOException {
		Segmenter segmenter = segmenter(job);
		float[][] probabilities = segmenter.predictor().predictBlock(job.plan(), open(job), block.t(),
			job.ranges()[block.t()], block.start(), block.size(), TiledPredictor.Listener.SILENT, () -> false);
		int planeSize = block.planeSize();
		int[] classes = new int[block.voxels()];
		int[] instances = new int[block.voxels()];
		float[][] plane = new float[probabilities.length][planeSize];
		try (ComponentLabelling components = new ComponentLabelling(block.size()[2], block.size()[1],
			job.connectivity(), 0))
		{
			for (int z = 0; z < block.size()[0]; z++) {
				for (int c = 0; c < plane.length; c++)
					System.arraycopy(probabilities[c], z * planeSize, plane[c], 0, planeSize);
				int[] planeClasses = segmenter.classes().classes(plane);
				System.arraycopy(planeClasses, 0, classes, z * planeSize, planeSize);
				components.addPlane(planeClasses);
			}
			components.endFrame();
			components.relabel((frame, z, ids) -> System.arraycopy(ids, 0, instances, z * planeSize, planeSize));
			Path container = Path.of(job.container());
			ChunkBoxes.write(ZarrArray.open(container.resolve(SegmentJob.PROBABILITIES)), block.t(),
				probabilities.length, block.start(), block.size(), (c, i) -> probabilities[c][i]);
			ChunkBoxes.write(ZarrArray.open(container.resolve(SegmentJob.LABELS).resolve("0")), block.t(), 1,
				block.start(), block.size(), (c, i) -> classes[i]);
			ChunkBoxes.write(ZarrArray.open(Path.of(job.scratch())), block.t(), 1, block.start(), block.size(),
				(c, i) -> instances[i]);
			int count = components.largestCount();
			long[] sizes = new long[count + 1];
			long[] firsts = new long[count + 1];
			long[] frame = job.grid().frame();
			for (int i = 0; i < instances.length; i++) {
				int id = instances[i];
				if (id == 0) continue;
				if (sizes[id]++ == 0) {
					int z = i / planeSize;
					int y = i % planeSize / block.size()[2];
					int x = i % block.size()[2];
					firsts[id] = ((block.start()[0] + z) * frame[1] + block.start()[1] + y) * frame[2] +
						block.start()[2] + x;
				}
			}
			return new Segmented(block.index(), count, sizes, firsts, executor(), LOADS.get());
		}
	}

	/**
	 * Pass 2: the pairs of global instance numbers ({@code offsets[block] + local number}) that touch across the
	 * block's lower faces (along z, y and x), each face checked against the plane before it, which belongs to the
	 * neighbouring blocks; every pair of touching blocks shares one such face, so every pair is found once.
	 */
	static long[] touching(SegmentJob job, Block block, long[] offsets) throws IOException {
		Path container = Path.of(job.container());
		ZarrArray labels = ZarrArray.open(container.resolve(SegmentJob.LABELS).resolve("0"));
		ZarrArray ids = ZarrArray.open(Path.of(job.scratch()));
		long[] frame = job.grid().frame();
		int reach = job.connectivity() == Connectivity.FULL ? 1 : 0;
		Set<Pair> seen = new HashSet<>();
		List<Long> pairs = new ArrayList<>();
		for (int a = 0; a < 3; a++) {
			if (block.start()[a] == 0) continue;
			long[] faceStart = block.start().clone();
			int[] faceSize = block.size().clone();
			faceSize[a] = 1;
			long[] beforeStart = faceStart.clone();
			int[] beforeSize = faceSize.clone();
			beforeStart[a]--;
			for (int b = 0; b < 3; b++)
				if (b != a) {
					beforeStart[b] = Math.max(0, faceStart[b] - reach);
					beforeSize[b] = (int) (Math.min(frame[b], faceStart[b] + faceSize[b] + reach) - beforeStart[b]);
				}
			long[] faceClasses = ChunkBoxes.readIntegers(labels, block.t(), 0, faceStart, faceSize);
			long[] faceIds = ChunkBoxes.readIntegers(ids, block.t(), 0, faceStart, faceSize);
			long[] beforeClasses = ChunkBoxes.readIntegers(labels, block.t(), 0, beforeStart, beforeSize);
			long[] beforeIds = ChunkBoxes.readIntegers(ids, block.t(), 0, beforeStart, beforeSize);
			for (int z = 0; z < faceSize[0]; z++)
				for (int y = 0; y < faceSize[1]; y++)
					for (int x = 0; x < faceSize[2]; x++) {
						int i = (z * faceSize[1] + y) * faceSize[2] + x;
						if (faceIds[i] == 0) continue;
						long[] voxel = { faceStart[0] + z, faceStart[1] + y, faceStart[2] + x };
						for (int d1 = -reach; d1 <= reach; d1++)
							for (int d2 = -reach; d2 <= reach; d2++) {
								long[] neighbour = voxel.clone();
								neighbour[a]--;
								int[] others = a == 0 ? new int[]{ 1, 2 }
									: a == 1 ? new int[]{ 0, 2 } : new int[]{ 0, 1 };
								neighbour[others[0]] += d1;
								neighbour[others[1]] += d2;
								if (!inside(neighbour, beforeStart, beforeSize)) continue;
								int j = (int) (((neighbour[0] - beforeStart[0]) * beforeSize[1] + neighbour[1] -
									beforeStart[1]) * beforeSize[2] + neighbour[2] - beforeStart[2]);
								if (beforeIds[j] == 0 || beforeClasses[j] != faceClasses[i]) continue;
								long mine = offsets[block.index()] + faceIds[i];
								long theirs = offsets[job.grid().indexOf(block.t(), neighbour[0], neighbour[1],
									neighbour[2])] + beforeIds[j];
								if (seen.add(new Pair(mine, theirs))) {
									pairs.add(mine);
									pairs.add(theirs);
								}
							}
					}
		}
		return pairs.stream().mapToLong(Long::longValue).toArray();
	}

	/** Pass 3: writes a block's instances with their final numbers ({@code numbers[local number]}). */
	static void relabel(SegmentJob job, Block block, int[] numbers) throws IOException {
		long[] local = ChunkBoxes.readIntegers(ZarrArray.open(Path.of(job.scratch())), block.t(), 0, block.start(),
			block.size());
		ChunkBoxes.write(ZarrArray.open(Path.of(job.container()).resolve(SegmentJob.INSTANCES).resolve("0")), block.t(),
			1, block.start(), block.size(), (c, i) -> numbers[(int) local[i]]);
	}

	/**
	 * Pass 4: one chunk of pyramid level {@code level} of a label image, every second voxel along y and x of the
	 * level before it, as the single-machine writer's nearest-neighbour pyramid.
	 */
	static void downsample(SegmentJob job, String image, int level, int t, long[] chunk) throws IOException {
		Path folder = Path.of(job.container()).resolve(image);
		ZarrArray finer = ZarrArray.open(folder.resolve(Integer.toString(level - 1)));
		ZarrArray coarser = ZarrArray.open(folder.resolve(Integer.toString(level)));
		long[] shape = coarser.shape();
		int n = shape.length;
		int[] chunks = coarser.chunks();
		long[] start = new long[3];
		int[] size = new int[3];
		for (int a = 0; a < 3; a++) {
			start[a] = chunk[a] * chunks[n - 3 + a];
			size[a] = (int) Math.min(chunks[n - 3 + a], shape[n - 3 + a] - start[a]);
		}
		long[] finerShape = finer.shape();
		long[] fromStart = { start[0], start[1] * 2, start[2] * 2 };
		int[] fromSize = { size[0], (int) Math.min(size[1] * 2L, finerShape[n - 2] - fromStart[1]),
			(int) Math.min(size[2] * 2L, finerShape[n - 1] - fromStart[2]) };
		long[] values = ChunkBoxes.readIntegers(finer, t, 0, fromStart, fromSize);
		ChunkBoxes.write(coarser, t, 1, start, size, (c, i) -> {
			int z = i / (size[1] * size[2]);
			int y = i / size[2] % size[1];
			int x = i % size[2];
			return values[(z * fromSize[1] + 2 * y) * fromSize[2] + 2 * x];
		});
	}

	/** The image, opened lazily on this executor. */
	private static PlaneSource open(SegmentJob job) throws IOException {
		Path input = Path.of(job.input());
		return OmeZarr.isContainer(input) ? OmeZarr.open(input, job.level()) : ImageFiles.openLazily(input);
	}

	/** The job's model, loaded on this executor at its first block. */
	private static Segmenter segmenter(SegmentJob job) {
		return MODELS.computeIfAbsent(job.model() + " " + job.options(), key -> {
			SegmentRequest request = SegmentRequest.of(Path.of(job.model()), job.options());
			try {
				// kept open for the life of the JVM, as the loaded network may read from it
				LoadedModel loaded = LoadedModel.load(ModelPackage.open(request.model()), request.engine(),
					request.device());
				LOADS.incrementAndGet();
				TiledPredictor predictor = loaded.predictor(request.tiling(),
					MemoryBudget.forDevice(loaded.device(), note -> {}), request.tta());
				return new Segmenter(predictor, request.postprocessing(loaded.postprocessing()).classes());
			}
			catch (IOException | RuntimeException e) {
				throw new IllegalStateException(
					"executor " + executor() + " " + MODEL_UNREADABLE + " " + job.model() + ": " + e.getMessage(), e);
			}
		});
	}

	private static boolean inside(long[] voxel, long[] start, int[] size) {
		for (int a = 0; a < 3; a++)
			if (voxel[a] < start[a] || voxel[a] >= start[a] + size[a]) return false;
		return true;
	}

	/** This executor's host and process, for messages. */
	static String executor() {
		try {
			return InetAddress.getLocalHost().getHostName() + "/" + ProcessHandle.current().pid();
		}
		catch (IOException e) {
			return "pid " + ProcessHandle.current().pid();
		}
	}
}
