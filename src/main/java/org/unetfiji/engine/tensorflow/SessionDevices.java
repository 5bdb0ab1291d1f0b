package org.unetfiji.engine.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * The devices a TensorFlow session with given options has, listed by TensorFlow itself ({@code TF_SessionListDevices}
 * on a session made with exactly those options; TensorFlow Java has no such call on its own sessions).
 */
final class SessionDevices {

	/** One device: e.g. {@code /job:localhost/replica:0/task:0/device:GPU:0}, type {@code GPU}, its memory limit. */
	record Listed(String name, String type, long memoryBytes) {}

	private SessionDevices() {}

	/** @throws IllegalStateException with TensorFlow's message when it refuses the options (e.g. no such GPU) */
	static List<Listed> list(ConfigProto config) {
		byte[] options = config.toByteArray();
		try (PointerScope scope = new PointerScope()) {
			TF_Status status = TF_Status.newStatus();
			TF_SessionOptions sessionOptions = TF_SessionOptions.newSessionOptions();
			TF_SetConfig(sessionOptions, new BytePointer(options), options.length, status);
			check(status);
			TF_Graph graph = TF_Graph.newGraph();
			TF_Session session = TF_Session.newSession(graph, sessionOptions, status);
			check(status);
			TF_DeviceList devices = TF_SessionListDevices(session, status);
			check(status);
			try {
				List<Listed> listed = new ArrayList<>();
				for (int i = 0; i < TF_DeviceListCount(devices); i++)
					listed.add(new Listed(TF_DeviceListName(devices, i, status).getString(),
						TF_DeviceListType(devices, i, status).getString(),
						TF_DeviceListMemoryBytes(devices, i, status)));
				check(status);
				return listed;
			}
			finally {
				TF_DeleteDeviceList(devices);
			}
		}
	}

	private static void check(TF_Status status) {
		if (TF_GetCode(status) != TF_OK) throw new IllegalStateException(TF_Message(status).getString());
	}
}
