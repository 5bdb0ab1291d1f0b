package org.unetfiji.engine.tensorflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.unetfiji.engine.FloatTensor;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.network.NetworkConfig;

/** A U-Net living in a TensorFlow graph and session, built fresh or loaded from a SavedModel. */
final class TensorFlowNetwork implements TrainableNetwork {

	/** SavedModel tag of our exports. */
	static final String TAG = "serve";

	private final NetworkConfig config;
	private final Graph graph;
	private final Session session;
	private final AutoCloseable owner;

	private TensorFlowNetwork(NetworkConfig config, Graph graph, Session session, AutoCloseable owner) {
		this.config = config;
		this.graph = graph;
		this.session = session;
		this.owner = owner;
	}

	/** @param options the session's options, which choose its device (see {@link SessionConfig}) */
	static TensorFlowNetwork create(NetworkConfig config, long seed, boolean freezeEncoder, ConfigProto options) {
		Graph graph = new Graph();
		try {
			UNetGraph.build(graph, config, seed, freezeEncoder);
			Session session = new Session(graph, options);
			session.initialize();
			return new TensorFlowNetwork(config, graph, session, () -> {
				session.close();
				graph.close();
			});
		}
		catch (RuntimeException e) {
			graph.close();
			throw e;
		}
	}

	static TensorFlowNetwork load(Path folder, NetworkConfig config, ConfigProto options) throws IOException {
		return of(open(folder, options), folder, config);
	}

	/**
	 * Inspects the SavedModel's graph (see {@link GraphInspection}) and loads it.
	 *
	 * @throws IOException when the graph is refused or TensorFlow cannot load it
	 */
	static SavedModelBundle open(Path folder, ConfigProto options) throws IOException {
		GraphInspection.check(folder);
		try {
			return SavedModelBundle.loader(folder.toString()).withTags(TAG).withConfigProto(options).load();
		}
		catch (RuntimeException e) {
			throw new IOException("TensorFlow could not load the SavedModel in " + folder + ": " + e.getMessage(), e);
		}
	}

	/** Whether a loaded SavedModel is one of this plugin's networks (which train), not one from elsewhere. */
	static boolean isOurs(SavedModelBundle bundle) {
		return bundle.graph().operation(UNetGraph.INPUT) != null;
	}

	/** Our network in a loaded SavedModel, checked against its configuration; the bundle is closed if it fails. */
	static TensorFlowNetwork of(SavedModelBundle bundle, Path folder, NetworkConfig config) throws IOException {
		for (String name : new String[]{ UNetGraph.INPUT, UNetGraph.PROBABILITIES, UNetGraph.TARGET, UNetGraph.WEIGHTS,
			UNetGraph.LOSS, UNetGraph.TRAIN })
			if (bundle.graph().operation(name) == null) {
				bundle.close();
				throw new IOException("the SavedModel in " + folder +
					" is not a U-Net for Fiji network: it lacks the '" + name + "' operation");
			}
		long channels = bundle.graph().output(UNetGraph.INPUT).shape().get(config.dims() + 1);
		long classes = bundle.graph().output(UNetGraph.PROBABILITIES).shape().get(config.dims() + 1);
		int rank = bundle.graph().output(UNetGraph.INPUT).shape().numDimensions();
		if (rank != config.dims() + 2 || channels != config.inputChannels() || classes != config.classes()) {
			bundle.close();
			throw new IOException("the SavedModel in " + folder + " does not match its configuration (" + config +
				"): input rank " + rank + ", " + channels + " channel(s), " + classes + " classes");
		}
		return new TensorFlowNetwork(config, bundle.graph(), bundle.session(), bundle);
	}

	/**
	 * A new network whose weights are copied from a saved one wherever name and shape agree (all of them for the
	 * same architecture; all but the output layer for another number of classes); the rest is initialised with
	 * {@code seed} and the optimiser starts afresh.
	 */
	static TensorFlowNetwork finetune(Path saved, NetworkConfig savedConfig, NetworkConfig config,
		boolean freezeEncoder, long seed, ConfigProto options) throws IOException
	{
		TensorFlowNetwork network = create(config, seed, freezeEncoder, options);
		try (TensorFlowNetwork source = load(saved, savedConfig, options)) {
			network.copyWeights(source);
			return network;
		}
		catch (IOException | RuntimeException e) {
			network.close();
			throw e;
		}
	}

	private void copyWeights(TensorFlowNetwork source) {
		Ops tf = Ops.create(graph);
		for (Iterator<GraphOperation> it = source.graph.operations(); it.hasNext();) {
			GraphOperation variable = it.next();
			String name = variable.name();
			if (!variable.type().equals("VariableV2") || name.contains("adam")) continue;
			GraphOperation target = graph.operation(name);
			if (target == null) continue;
			try (Result value = source.session.runner().fetch(name).run()) {
				TFloat32 tensor = (TFloat32) value.get(0);
				if (!target.output(0).shape().equals(tensor.shape())) continue;
				@SuppressWarnings("unchecked")
				Operand<TFloat32> ref = target.output(0);
				Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(tensor.shape()));
				session.runner().feed(in, tensor).addTarget(tf.assign(ref, in)).run();
			}
		}
	}

	@Override
	public NetworkConfig config() {
		return config;
	}

	@Override
	public FloatTensor predict(FloatTensor input) {
		config.checkImageShape(input.shape(), config.inputChannels(), "input");
		try (TFloat32 in = toTensor(input);
			Result result = session.runner().feed(UNetGraph.INPUT, in).fetch(UNetGraph.PROBABILITIES).run())
		{
			long[] shape = input.shape().clone();
			shape[shape.length - 1] = config.classes();
			return fromTensor((TFloat32) result.get(0), shape);
		}
	}

	@Override
	public float trainStep(FloatTensor input, FloatTensor target, FloatTensor weights, float learningRate) {
		return trainStep(input, target, weights, learningRate, 0);
	}

	@Override
	public float trainStep(FloatTensor input, FloatTensor target, FloatTensor weights, float learningRate,
		float diceWeight)
	{
		boolean hasDice = graph.operation(UNetGraph.DICE_WEIGHT) != null;
		if (diceWeight != 0 && !hasDice) throw new UnsupportedOperationException(
			"this model's graph has no soft " + "Dice term (it was saved before there was one); train it with dice=0");
		config.checkImageShape(input.shape(), config.inputChannels(), "input");
		config.checkImageShape(target.shape(), config.classes(), "target");
		long[] spatial = Arrays.copyOf(input.shape(), input.rank() - 1);
		if (!Arrays.equals(Arrays.copyOf(target.shape(), target.rank() - 1), spatial) ||
			!Arrays.equals(weights.shape(), spatial))
			throw new IllegalArgumentException(
				"input " + input + ", target " + target + " and weights " + weights + " must cover the same pixels");
		if (!(learningRate > 0) || Float.isInfinite(learningRate))
			throw new IllegalArgumentException("learning rate must be positive, not " + learningRate);
		try (TFloat32 in = toTensor(input);
			TFloat32 t = toTensor(target);
			TFloat32 w = toTensor(weights);
			TFloat32 lr = TFloat32.scalarOf(learningRate);
			TFloat32 on = TFloat32.scalarOf(1f);
			TFloat32 dice = TFloat32.scalarOf(diceWeight))
		{
			Session.Runner runner = session.runner().feed(UNetGraph.INPUT, in).feed(UNetGraph.TARGET, t)
				.feed(UNetGraph.WEIGHTS, w).feed(UNetGraph.LEARNING_RATE, lr).feed(UNetGraph.TRAINING, on);
			if (hasDice) runner.feed(UNetGraph.DICE_WEIGHT, dice);
			try (Result result = runner.fetch(UNetGraph.LOSS).addTarget(UNetGraph.TRAIN).run()) {
				return ((TFloat32) result.get(0)).getFloat();
			}
		}
	}

	@Override
	public FloatTensor variable(String name) {
		if (graph.operation(name) == null)
			throw new IllegalArgumentException("the network has no variable '" + name + "'");
		try (Result result = session.runner().fetch(name).run()) {
			TFloat32 value = (TFloat32) result.get(0);
			return fromTensor(value, value.shape().asArray());
		}
	}

	@Override
	public void save(Path folder) throws IOException {
		if (Files.exists(folder)) throw new IOException("will not save into existing " + folder);
		Signature signature = Signature.builder().key(Signature.DEFAULT_KEY)
			.input(UNetGraph.INPUT, graph.output(UNetGraph.INPUT))
			.output(UNetGraph.PROBABILITIES, graph.output(UNetGraph.PROBABILITIES)).build();
		SavedModelBundle.exporter(folder.toString()).withTags(TAG).withSession(session).withSignature(signature)
			.export();
	}

	@Override
	public void saveWithoutOptimizerState(Path folder) throws IOException {
		try (TensorFlowNetwork fresh = create(config, 0, false, SessionConfig.cpu())) {
			fresh.copyWeights(this);
			fresh.save(folder);
		}
	}

	@Override
	public void close() {
		try {
			owner.close();
		}
		catch (Exception e) {
			throw new IllegalStateException("could not release TensorFlow resources", e);
		}
	}

	private static TFloat32 toTensor(FloatTensor tensor) {
		return TFloat32.tensorOf(Shape.of(tensor.shape()), DataBuffers.of(tensor.data(), true, false));
	}

	private static FloatTensor fromTensor(TFloat32 tensor, long[] expectedShape) {
		long[] shape = tensor.shape().asArray();
		if (!Arrays.equals(shape, expectedShape)) throw new IllegalStateException(
			"network returned shape " + Arrays.toString(shape) + ", expected " + Arrays.toString(expectedShape));
		FloatTensor out = FloatTensor.zeros(shape);
		tensor.copyTo(DataBuffers.of(out.data(), false, false));
		return out;
	}
}
