package org.unetfiji.engine.tensorflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SaverDef;

import com.google.protobuf.CodedInputStream;

/**
 * Checks the graph of an untrusted SavedModel before TensorFlow loads it: every operation must be one a U-Net
 * needs (an allow-list of pure tensor arithmetic, variables and the optimiser), graphs carrying functions are
 * refused, and the only file operations allowed are the saver's own {@code SaveV2}/{@code RestoreV2}, which must
 * read their file name from the saver's file-name placeholder (so no other fetch can run them).
 */
public final class GraphInspection {

	/** Largest {@code saved_model.pb} read; ours are well under 1 MB. */
	public static final long MAX_GRAPH_BYTES = 64L << 20;

	/** Operation types a U-Net or 3D U-Net graph may hold (forward, gradients, Adam, batch norm). */
	static final Set<String> ALLOWED = Set.of( //
		// structure and constants
		"Const", "Placeholder", "PlaceholderWithDefault", "Identity", "IdentityN", "NoOp", "StopGradient", "VariableV2",
		"Assign", "Fill", "ZerosLike", "OnesLike", "Shape", "ShapeN", "Size", "Rank", "Range", "Reshape", "ExpandDims",
		"Squeeze", "Tile", "Slice", "StridedSlice", "Pack", "Unpack", "Transpose", "ConcatV2", "ConcatOffset", "Pad",
		"MirrorPad", "Cast", "DynamicStitch", "BroadcastGradientArgs", "TruncatedNormal", "RandomStandardNormal",
		"RandomUniform",
		// arithmetic
		"Add", "AddV2", "AddN", "Sub", "Mul", "Div", "RealDiv", "FloorDiv", "Mod", "FloorMod", "Neg", "Square", "Sqrt",
		"Rsqrt", "RsqrtGrad", "SqrtGrad", "Exp", "Log", "Pow", "Maximum", "Minimum", "Sum", "Mean", "Prod", "Max",
		"Min", "ArgMax", "Select", "SelectV2", "Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual",
		"LogicalAnd", "LogicalOr", "LogicalNot", "SquaredDifference",
		// network layers and their gradients
		"Conv2D", "Conv2DBackpropFilter", "Conv2DBackpropInput", "Conv3D", "Conv3DBackpropFilterV2",
		"Conv3DBackpropInputV2", "BiasAdd", "BiasAddGrad", "Relu", "ReluGrad", "LeakyRelu", "LeakyReluGrad", "Elu",
		"EluGrad", "Sigmoid", "SigmoidGrad", "Tanh", "TanhGrad", "MaxPoolV2", "MaxPoolGradV2", "MaxPool", "MaxPoolGrad",
		"MaxPool3D", "MaxPool3DGrad", "AvgPool", "AvgPoolGrad", "AvgPool3D", "AvgPool3DGrad", "FusedBatchNormV3",
		"FusedBatchNormGradV3", "Softmax", "LogSoftmax", "SoftmaxCrossEntropyWithLogits",
		// optimiser
		"ApplyAdam", "ApplyGradientDescent", "ApplyMomentum");

	/** File operations allowed only as the saver's own, fed with the saver's file name. */
	static final Set<String> SAVER_OPERATIONS = Set.of("SaveV2", "RestoreV2");

	private GraphInspection() {}

	/**
	 * @param savedModelFolder a SavedModel folder holding {@code saved_model.pb}
	 * @throws IOException naming the first operation that is not allowed, or saying why the graph is unreadable
	 */
	public static void check(Path savedModelFolder) throws IOException {
		Path file = savedModelFolder.resolve("saved_model.pb");
		if (!Files.isRegularFile(file))
			throw new IOException("no saved_model.pb in " + savedModelFolder + ": not a TensorFlow SavedModel");
		if (Files.size(file) > MAX_GRAPH_BYTES) throw new IOException(file + " is " + Files.size(file) +
			" bytes, more than the " + MAX_GRAPH_BYTES + " a U-Net graph needs; refusing to load it");
		SavedModel model;
		try (InputStream in = Files.newInputStream(file)) {
			CodedInputStream coded = CodedInputStream.newInstance(in);
			coded.setSizeLimit((int) MAX_GRAPH_BYTES);
			model = SavedModel.parseFrom(coded);
		}
		catch (IOException | RuntimeException e) {
			throw new IOException(file + " is not a readable TensorFlow SavedModel (" + e.getMessage() + ")", e);
		}
		if (model.getMetaGraphsCount() == 0) throw new IOException(file + " holds no graph");
		for (MetaGraphDef metaGraph : model.getMetaGraphsList())
			check(metaGraph, file);
	}

	private static void check(MetaGraphDef metaGraph, Path file) throws IOException {
		if (metaGraph.getGraphDef().getLibrary().getFunctionCount() > 0) throw refused(file,
			"it defines graph functions (" +
				metaGraph.getGraphDef().getLibrary().getFunction(0).getSignature().getName() +
				"), which a U-Net does not need");
		String saverFileName = saverFileName(metaGraph, file);
		for (NodeDef node : metaGraph.getGraphDef().getNodeList()) {
			String op = node.getOp();
			if (ALLOWED.contains(op)) continue;
			if (SAVER_OPERATIONS.contains(op) && node.getInputCount() > 0 && !saverFileName.isEmpty() &&
				tensorOperation(node.getInput(0)).equals(saverFileName)) continue;
			throw refused(file,
				"it contains operation '" + node.getName() + "' of type " + op +
					(SAVER_OPERATIONS.contains(op) ? " reading or writing a file other than the saver's"
						: ", which is not on the allow-list of operations a U-Net needs") +
					" (operations that touch files, processes or the network are never run)");
		}
	}

	/**
	 * The saver's file-name operation, which must be a plain placeholder: TensorFlow feeds it when it restores the
	 * variables, and without a default no other fetch can make the saver's file operations run.
	 */
	private static String saverFileName(MetaGraphDef metaGraph, Path file) throws IOException {
		SaverDef saver = metaGraph.getSaverDef();
		if (saver.getFilenameTensorName().isEmpty()) return "";
		String name = tensorOperation(saver.getFilenameTensorName());
		for (NodeDef node : metaGraph.getGraphDef().getNodeList())
			if (node.getName().equals(name)) {
				if (!node.getOp().equals("Placeholder")) throw refused(file, "its saver's file name comes from '" +
					name + "' of type " + node.getOp() + ", not from a placeholder");
				return name;
			}
		throw refused(file, "its saver's file name '" + name + "' is not in the graph");
	}

	/** The operation name of a tensor or input reference: {@code name:0} or {@code ^name} → {@code name}. */
	private static String tensorOperation(String reference) {
		String name = reference.startsWith("^") ? reference.substring(1) : reference;
		int colon = name.indexOf(':');
		return colon < 0 ? name : name.substring(0, colon);
	}

	private static IOException refused(Path file, String reason) {
		return new IOException("refusing to load the model graph " + file + ": " + reason);
	}
}
