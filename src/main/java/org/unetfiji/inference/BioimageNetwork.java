package org.unetfiji.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.Network;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.image.ops.FrameNormalization;
import org.unetfiji.image.ops.MirrorPadding;
import org.unetfiji.image.ops.PercentileNormalizer;
import org.unetfiji.image.processing.AxisTensor;
import org.unetfiji.image.processing.ProcessingStep;
import org.unetfiji.image.processing.Processings;
import org.unetfiji.model.Axis;
import org.unetfiji.model.AxisSize;
import org.unetfiji.model.ModelDescriptor;
import org.unetfiji.model.TensorDescription;
import org.unetfiji.network.NetworkConfig;

/**
 * A bioimage.io model from elsewhere behind this plugin's channels-last contract: the engine boundary. Tiles come
 * in as {@code (batch, [z,] y, x, channel)}; each is preprocessed with the descriptor's steps (resolved on the whole
 * frame by {@link #ranges}, so tiles agree), cut into pieces of exactly the model's fixed sizes (overlapping by twice
 * the output halo, which is cropped), transposed into the model's axis order, run one at a time, transposed back,
 * postprocessed. Output channels that are independent probabilities (see {@link #independentChannels}) get a
 * background channel in front, {@code 1 - max(p)}, so that they are offered as classes: background, then the model's
 * channels as they are.
 */
final class BioimageNetwork implements Network, FrameNormalization {

	private final Network raw;
	private final NetworkConfig config;
	private final TensorDescription input;
	private final TensorDescription output;
	private final List<ProcessingStep> pre;
	private final List<ProcessingStep> post;
	/** Axis ids of a channels-last tile: batch, the space axes in z, y, x order, channel. */
	private final List<String> inIds;
	private final List<String> outIds;
	/** Per space axis (z, y, x order): the model's fixed size, or 0. */
	private final long[] fixed;
	private final long[] halo;
	private final boolean independent;
	private List<ProcessingStep> resolvedPre;

	BioimageNetwork(Network raw, NetworkConfig config, ModelDescriptor d) {
		this.raw = raw;
		this.config = config;
		this.input = d.input();
		this.output = d.output();
		this.pre = Processings.create(input.processing());
		this.post = Processings.create(output.processing());
		this.inIds = channelsLastIds(input);
		this.outIds = channelsLastIds(output);
		this.independent = independentChannels(d);
		List<String> space = spaceIds(input);
		fixed = new long[space.size()];
		halo = new long[space.size()];
		for (int a = 0; a < fixed.length; a++) {
			Axis in = axis(input, space.get(a));
			fixed[a] = in.size() instanceof AxisSize.Fixed f ? f.size() : 0;
			halo[a] = output.axes().stream().filter(o -> o.id().equals(in.id())).mapToLong(Axis::halo).findFirst()
				.orElse(0);
		}
	}

	@Override
	public NetworkConfig config() {
		return config;
	}

	/** Resolves the preprocessing on the whole frame {@code t}; the tiles are then normalised by it, not here. */
	@Override
	public PercentileNormalizer.Range[] ranges(PlaneSource source, int t) {
		int channels = source.sizeC();
		int plane = source.sizeX() * source.sizeY();
		long[] shape = inIds.size() == 5 ? new long[]{ 1, source.sizeZ(), source.sizeY(), source.sizeX(), channels }
			: new long[]{ 1, source.sizeY(), source.sizeX(), channels };
		float[] data = new float[Math.toIntExact((long) plane * source.sizeZ() * channels)];
		float[] values = new float[plane];
		for (int z = 0; z < source.sizeZ(); z++)
			for (int c = 0; c < channels; c++) {
				source.read(c, z, t, values);
				for (int p = 0; p < plane; p++)
					data[((z * plane) + p) * channels + c] = values[p];
			}
		AxisTensor frame = new AxisTensor(data, shape, inIds);
		resolvedPre = Processings.run(pre, frame, Map.of(input.id(), frame));
		PercentileNormalizer.Range[] identity = new PercentileNormalizer.Range[channels];
		Arrays.fill(identity, new PercentileNormalizer.Range(0, 1));
		return identity;
	}

	@Override
	public FloatTensor predict(FloatTensor batch) {
		if (resolvedPre == null) throw new IllegalStateException("the preprocessing was not resolved on the image");
		AxisTensor in = new AxisTensor(batch.data().clone(), batch.shape(), inIds);
		Processings.apply(resolvedPre, in);
		long[] shape = batch.shape();
		int dims = shape.length - 2;
		long[] size = Arrays.copyOfRange(shape, 1, dims + 1);
		List<List<long[]>> segments = new ArrayList<>();
		for (int a = 0; a < dims; a++)
			segments.add(segments(size[a], fixed[a] == 0 ? size[a] : fixed[a], halo[a]));
		long[] pieceSize = new long[dims];
		for (int a = 0; a < dims; a++)
			pieceSize[a] = fixed[a] == 0 ? size[a] : fixed[a];
		int outChannels = -1;
		float[] out = null;
		long voxels = Arrays.stream(size).reduce(1, Math::multiplyExact);
		for (int b = 0; b < shape[0]; b++) {
			int[] choice = new int[dims];
			do {
				long[][] segment = new long[dims][];
				for (int a = 0; a < dims; a++)
					segment[a] = segments.get(a).get(choice[a]);
				float[] piece = cut(in, b, segment, pieceSize);
				long[] pieceShape = withEnds(1, pieceSize, shape[dims + 1]);
				FloatTensor result = runModel(piece, pieceShape);
				int channels = (int) result.shape()[dims + 1];
				if (out == null) {
					outChannels = channels;
					out = new float[Math.toIntExact(shape[0] * voxels * channels)];
				}
				paste(result.data(), pieceSize, channels, segment, out, b * voxels * channels, size);
			} while (next(choice, segments));
		}
		AxisTensor result = new AxisTensor(out, withEnds(shape[0], size, outChannels), outIds);
		Processings.run(post, result, new LinkedHashMap<>(Map.of(input.id(), in, output.id(), result)));
		return independent ? withBackground(result) : new FloatTensor(result.data(), result.shape());
	}

	/**
	 * Whether a model from elsewhere outputs independent probabilities rather than softmax classes: one channel (a
	 * foreground probability), or channels its postprocessing passes through a {@code sigmoid} (each its own
	 * probability, e.g. foreground and boundaries). They are labelled by a threshold; other outputs by argmax.
	 */
	static boolean independentChannels(ModelDescriptor d) {
		return !d.hasNetworkConfig() && (d.classNames().size() == 1 ||
			d.output().processing().stream().anyMatch(step -> step.id().equals("sigmoid")));
	}

	/** The names of the classes {@link #predict} returns: the model's channels, after a background if independent. */
	static List<String> classNames(ModelDescriptor d) {
		if (!independentChannels(d)) return d.classNames();
		List<String> names = new ArrayList<>(List.of("background"));
		names.addAll(d.classNames());
		return names;
	}

	/** One piece (batch 1, channels-last) through the model, in its axis order both ways. */
	private FloatTensor runModel(float[] piece, long[] shape) {
		long[] modelShape = new long[input.axes().size()];
		float[] data = permute(piece, shape, inIds, ids(input), modelShape);
		FloatTensor result = raw.predict(new FloatTensor(data, modelShape));
		List<String> modelOut = ids(output);
		if (result.rank() != modelOut.size()) throw new IllegalStateException(
			"the model returned shape " + Arrays.toString(result.shape()) + " for output axes " + modelOut);
		long[] back = new long[outIds.size()];
		float[] values = permute(result.data(), result.shape(), modelOut, outIds, back);
		if (!Arrays.equals(Arrays.copyOfRange(back, 1, back.length - 1),
			Arrays.copyOfRange(shape, 1, shape.length - 1)))
			throw new IllegalStateException("the model returned space sizes " + Arrays.toString(back) + " for " +
				Arrays.toString(shape) + "; outputs of another size than the input are not supported yet");
		return new FloatTensor(values, back);
	}

	/**
	 * Pieces along one axis of {@code length}: {@code {start, keepFrom, keepTo}} for pieces of {@code piece} values
	 * starting at {@code start} (reaching past the end when the axis is shorter: mirrored), of which
	 * {@code [keepFrom, keepTo)} is kept; neighbours overlap by {@code 2 * halo}.
	 */
	static List<long[]> segments(long length, long piece, long halo) {
		List<long[]> segments = new ArrayList<>();
		if (piece >= length) {
			segments.add(new long[]{ 0, 0, length });
			return segments;
		}
		long step = piece - 2 * halo > 0 ? piece - 2 * halo : piece;
		long keptTo = 0;
		for (long start = 0;; start += step) {
			boolean last = start + piece >= length;
			if (last) start = length - piece;
			long keepTo = last ? length : start + piece - halo;
			segments.add(new long[]{ start, keptTo, keepTo });
			keptTo = keepTo;
			if (last) return segments;
		}
	}

	private static boolean next(int[] choice, List<List<long[]>> segments) {
		for (int a = choice.length - 1; a >= 0; a--) {
			if (++choice[a] < segments.get(a).size()) return true;
			choice[a] = 0;
		}
		return false;
	}

	/** Batch entry {@code b} of {@code in}, the piece starting at each segment's start, mirrored past the ends. */
	private static float[] cut(AxisTensor in, int b, long[][] segment, long[] pieceSize) {
		long[] shape = in.shape();
		int dims = pieceSize.length;
		int channels = (int) shape[dims + 1];
		long pieceVoxels = Arrays.stream(pieceSize).reduce(1, Math::multiplyExact);
		float[] piece = new float[Math.toIntExact(pieceVoxels * channels)];
		long frame = Arrays.stream(shape, 1, dims + 1).reduce(1, Math::multiplyExact);
		long[] position = new long[dims];
		for (long p = 0; p < pieceVoxels; p++) {
			long rest = p;
			for (int a = dims - 1; a >= 0; a--) {
				position[a] = rest % pieceSize[a];
				rest /= pieceSize[a];
			}
			long source = 0;
			for (int a = 0; a < dims; a++)
				source = source * shape[a + 1] + MirrorPadding.reflect(segment[a][0] + position[a], shape[a + 1]);
			System.arraycopy(in.data(), (int) ((b * frame + source) * channels), piece, (int) (p * channels), channels);
		}
		return piece;
	}

	/** Copies the kept part of a piece's output into the tile's output. */
	private static void paste(float[] piece, long[] pieceSize, int channels, long[][] segment, float[] out, long offset,
		long[] size)
	{
		int dims = pieceSize.length;
		long pieceVoxels = Arrays.stream(pieceSize).reduce(1, Math::multiplyExact);
		long[] position = new long[dims];
		for (long p = 0; p < pieceVoxels; p++) {
			long rest = p;
			boolean kept = true;
			long target = 0;
			for (int a = dims - 1; a >= 0; a--) {
				position[a] = rest % pieceSize[a];
				rest /= pieceSize[a];
			}
			for (int a = 0; a < dims; a++) {
				long at = segment[a][0] + position[a];
				kept &= at >= segment[a][1] && at < segment[a][2];
				target = target * size[a] + at;
			}
			if (kept) System.arraycopy(piece, (int) (p * channels), out, (int) (offset + target * channels), channels);
		}
	}

	/** Independent probabilities {@code p} (channels last) after a background channel {@code 1 - max(p)}. */
	private static FloatTensor withBackground(AxisTensor probabilities) {
		float[] p = probabilities.data();
		long[] shape = probabilities.shape().clone();
		int channels = (int) shape[shape.length - 1];
		shape[shape.length - 1] = channels + 1;
		float[] classes = new float[p.length / channels * (channels + 1)];
		for (int i = 0, o = 0; i < p.length; i += channels, o += channels + 1) {
			float max = p[i];
			for (int c = 1; c < channels; c++)
				max = Math.max(max, p[i + c]);
			classes[o] = 1 - max;
			System.arraycopy(p, i, classes, o + 1, channels);
		}
		return new FloatTensor(classes, shape);
	}

	/**
	 * The values of a tensor with axes {@code from} in the order {@code to}; axes missing from {@code to} must have
	 * size 1, axes missing from {@code from} get size 1.
	 *
	 * @param shape filled with the new shape
	 */
	static float[] permute(float[] data, long[] fromShape, List<String> from, List<String> to, long[] shape) {
		for (int d = 0; d < from.size(); d++)
			if (!to.contains(from.get(d)) && fromShape[d] != 1) throw new IllegalArgumentException(
				"axis '" + from.get(d) + "' of size " + fromShape[d] + " has no place among the model's axes " + to);
		long[] fromStrides = new long[from.size()];
		long stride = 1;
		for (int d = from.size() - 1; d >= 0; d--) {
			fromStrides[d] = stride;
			stride *= fromShape[d];
		}
		long[] strides = new long[to.size()];
		for (int d = 0; d < to.size(); d++) {
			int f = from.indexOf(to.get(d));
			shape[d] = f < 0 ? 1 : fromShape[f];
			strides[d] = f < 0 ? 0 : fromStrides[f];
		}
		float[] result = new float[data.length];
		long[] position = new long[to.size()];
		for (int i = 0; i < result.length; i++) {
			long source = 0;
			for (int d = 0; d < position.length; d++)
				source += position[d] * strides[d];
			result[i] = data[(int) source];
			for (int d = position.length - 1; d >= 0; d--) {
				if (++position[d] < shape[d]) break;
				position[d] = 0;
			}
		}
		return result;
	}

	@Override
	public void close() {
		raw.close();
	}

	private static long[] withEnds(long first, long[] middle, long last) {
		long[] shape = new long[middle.length + 2];
		shape[0] = first;
		System.arraycopy(middle, 0, shape, 1, middle.length);
		shape[shape.length - 1] = last;
		return shape;
	}

	private static List<String> ids(TensorDescription tensor) {
		return tensor.axes().stream().map(Axis::id).toList();
	}

	private static List<String> spaceIds(TensorDescription tensor) {
		return Axis.SPACE_IDS.stream().filter(tensor.spaceAxisIds()::contains).toList();
	}

	private static Axis axis(TensorDescription tensor, String id) {
		return tensor.axes().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
	}

	/** Batch, space axes in z, y, x order, channel; the model's ids where it has such axes, else the defaults. */
	private static List<String> channelsLastIds(TensorDescription tensor) {
		List<String> ids = new ArrayList<>();
		ids.add(tensor.axes().stream().filter(a -> a.type() == Axis.Type.BATCH).map(Axis::id).findFirst()
			.orElse(Axis.Type.BATCH.yamlName()));
		ids.addAll(spaceIds(tensor));
		ids.add(tensor.channelAxis().map(Axis::id).orElse(Axis.Type.CHANNEL.yamlName()));
		return ids;
	}
}
