package org.unetfiji.export.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX graph of float tensors built node by node, written as an ONNX {@code ModelProto} with the default
 * operator set. Field numbers follow {@code onnx.proto} (ONNX 1.x): ModelProto ir_version 1, producer_name 2,
 * producer_version 3, doc_string 6, graph 7, opset_import 8; OperatorSetIdProto domain 1, version 2; GraphProto
 * node 1, name 2, initializer 5, input 11, output 12; NodeProto input 1, output 2, name 3, op_type 4, attribute
 * 5; AttributeProto name 1, i 3, s 4, ints 8, type 20; TensorProto dims 1, data_type 2, name 8, raw_data 9;
 * ValueInfoProto name 1, type 2; TypeProto tensor_type 1; TypeProto.Tensor elem_type 1, shape 2;
 * TensorShapeProto dim 1; Dimension dim_value 1, dim_param 2.
 */
final class OnnxGraph {

	/** IR version 8 (ONNX 1.10+) goes with operator sets up to 17. */
	static final int IR_VERSION = 8;
	static final int OPSET_VERSION = 17;

	private static final int FLOAT = 1;
	private static final int ATTRIBUTE_INT = 2;
	private static final int ATTRIBUTE_STRING = 3;
	private static final int ATTRIBUTE_INTS = 7;

	private final String name;
	private final List<ProtoMessage> nodes = new ArrayList<>();
	private final List<ProtoMessage> initializers = new ArrayList<>();
	private final List<ProtoMessage> inputs = new ArrayList<>();
	private final List<ProtoMessage> outputs = new ArrayList<>();
	private int nodeCount;

	OnnxGraph(String name) {
		this.name = name;
	}

	/** A graph input of float values; each dimension is a size (Long) or a symbolic name (String). */
	void input(String value, Object... dims) {
		inputs.add(valueInfo(value, dims));
	}

	/** A graph output of float values, dimensions as for {@link #input}. */
	void output(String value, Object... dims) {
		outputs.add(valueInfo(value, dims));
	}

	/** A constant float tensor (little-endian raw data), in C order. */
	String initializer(String value, long[] dims, float[] data) {
		ProtoMessage tensor = new ProtoMessage();
		for (long d : dims)
			tensor.int64(1, d);
		ByteBuffer raw = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		raw.asFloatBuffer().put(data);
		initializers.add(tensor.int32(2, FLOAT).string(8, value).bytes(9, raw.array()));
		return value;
	}

	/** Adds a node with one output named {@code output} and returns that name. */
	String node(String opType, String output, List<String> nodeInputs, Attribute... attributes) {
		ProtoMessage node = new ProtoMessage();
		for (String input : nodeInputs)
			node.string(1, input);
		node.string(2, output).string(3, opType + "_" + nodeCount++).string(4, opType);
		for (Attribute attribute : attributes)
			node.message(5, attribute.message);
		nodes.add(node);
		return output;
	}

	/** The serialised {@code ModelProto}. */
	byte[] model(String producerName, String producerVersion, String documentation) {
		ProtoMessage graph = new ProtoMessage();
		nodes.forEach(n -> graph.message(1, n));
		graph.string(2, name);
		initializers.forEach(t -> graph.message(5, t));
		inputs.forEach(i -> graph.message(11, i));
		outputs.forEach(o -> graph.message(12, o));
		return new ProtoMessage().int64(1, IR_VERSION).string(2, producerName).string(3, producerVersion)
			.string(6, documentation).message(7, graph)
			.message(8, new ProtoMessage().string(1, "").int64(2, OPSET_VERSION)).toByteArray();
	}

	private static ProtoMessage valueInfo(String value, Object... dims) {
		ProtoMessage shape = new ProtoMessage();
		for (Object d : dims)
			shape.message(1, d instanceof String param ? new ProtoMessage().string(2, param)
				: new ProtoMessage().int64(1, (Long) d));
		ProtoMessage tensorType = new ProtoMessage().int32(1, FLOAT).message(2, shape);
		return new ProtoMessage().string(1, value).message(2, new ProtoMessage().message(1, tensorType));
	}

	/** A node attribute. */
	static final class Attribute {

		private final ProtoMessage message;

		private Attribute(ProtoMessage message) {
			this.message = message;
		}

		static Attribute ints(String name, long... values) {
			ProtoMessage m = new ProtoMessage().string(1, name);
			for (long v : values)
				m.int64(8, v);
			return new Attribute(m.int32(20, ATTRIBUTE_INTS));
		}

		static Attribute text(String name, String value) {
			return new Attribute(new ProtoMessage().string(1, name).string(4, value).int32(20, ATTRIBUTE_STRING));
		}

		static Attribute integer(String name, long value) {
			return new Attribute(new ProtoMessage().string(1, name).int64(3, value).int32(20, ATTRIBUTE_INT));
		}
	}
}
