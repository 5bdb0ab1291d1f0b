package org.unetfiji.export.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.google.protobuf.CodedOutputStream;

/**
 * One protobuf message written field by field with {@link CodedOutputStream}: the few wire types that ONNX's
 * messages need. Field numbers are those of {@code onnx.proto}; see {@link OnnxGraph}.
 */
final class ProtoMessage {

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
	private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

	ProtoMessage string(int field, String value) {
		return write(() -> out.writeString(field, value));
	}

	ProtoMessage int64(int field, long value) {
		return write(() -> out.writeInt64(field, value));
	}

	/** An int32 or enum field. */
	ProtoMessage int32(int field, int value) {
		return write(() -> out.writeInt32(field, value));
	}

	ProtoMessage bytes(int field, byte[] value) {
		return write(() -> out.writeByteArray(field, value));
	}

	/** An embedded message (also one element of a repeated message field). */
	ProtoMessage message(int field, ProtoMessage value) {
		return bytes(field, value.toByteArray());
	}

	byte[] toByteArray() {
		write(out::flush);
		return bytes.toByteArray();
	}

	private ProtoMessage write(Writing writing) {
		try {
			writing.run();
		}
		catch (IOException e) {
			throw new UncheckedIOException("writing to memory cannot fail", e);
		}
		return this;
	}

	private interface Writing {

		void run() throws IOException;
	}
}
