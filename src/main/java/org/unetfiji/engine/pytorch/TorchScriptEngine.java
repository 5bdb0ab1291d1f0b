package org.unetfiji.engine.pytorch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.engine.Engine;
import org.unetfiji.engine.Network;
import org.unetfiji.network.NetworkConfig;

/**
 * PyTorch 2.7.1 through DJL's PyTorch engine, on the CPU: runs TorchScript models published by others. Prediction
 * only: it is no {@link org.unetfiji.engine.TrainingEngine}.
 * <p>
 * DJL must never reach the network: it downloads natives when the versions of its jars are not in step, and it
 * reports usage on start. {@link #start()} turns both off before the first DJL class loads, and points DJL's cache
 * (where it unpacks the natives from the {@code pytorch-native-cpu} jar, once) to ours unless one is set. DJL finds
 * its natives and engine through the thread's context class loader, which in Fiji is the host's; every call into
 * DJL that looks something up therefore runs with this class's own loader (the engine class loader) as context.
 */
public final class TorchScriptEngine implements Engine {

	/** The bioimage.io weights format key. */
	public static final String WEIGHT_FORMAT = "torchscript";

	/** For {@code device=auto}: why no GPU is used; null otherwise. */
	private final String note;
	private final ai.djl.engine.Engine pytorch;

	private TorchScriptEngine(ai.djl.engine.Engine pytorch, String note) {
		this.pytorch = pytorch;
		this.note = note;
	}

	/**
	 * Sets DJL offline, without usage tracking, and starts its PyTorch engine from the natives on the class path.
	 *
	 * @throws LinkageError when the natives cannot be loaded
	 */
	static TorchScriptEngine start() {
		System.setProperty("ai.djl.offline", "true");
		System.setProperty("OPT_OUT_TRACKING", "true");
		setIfAbsent("DJL_CACHE_DIR", Path.of(System.getProperty("user.home"), ".cache", "unet-fiji", "djl").toString());
		try {
			return new TorchScriptEngine(withOwnLoader(() -> ai.djl.engine.Engine.getEngine("PyTorch")), null);
		}
		catch (IOException | RuntimeException e) {
			LinkageError error = new LinkageError("DJL's PyTorch engine cannot start: " + e.getMessage());
			error.initCause(e);
			throw error;
		}
	}

	/** Sets a DJL setting that neither the environment nor a system property gives. */
	private static void setIfAbsent(String key, String value) {
		if (System.getenv(key) == null && System.getProperty(key) == null) System.setProperty(key, value);
	}

	/** Runs a call into DJL with this engine's class loader as the thread's context class loader. */
	static <T> T withOwnLoader(Callable<T> call) throws IOException {
		Thread thread = Thread.currentThread();
		ClassLoader context = thread.getContextClassLoader();
		thread.setContextClassLoader(TorchScriptEngine.class.getClassLoader());
		try {
			return call.call();
		}
		catch (IOException | RuntimeException e) {
			throw e;
		}
		catch (Exception e) {
			throw new IOException(e.getMessage(), e);
		}
		finally {
			thread.setContextClassLoader(context);
		}
	}

	@Override
	public String name() {
		return "PyTorch " + pytorch.getVersion() + " (DJL " + ai.djl.engine.Engine.getDjlVersion() + ", CPU)";
	}

	@Override
	public List<String> weightFormats() {
		return List.of(WEIGHT_FORMAT);
	}

	@Override
	public Device device() {
		return Device.cpu("PyTorch, " + Runtime.getRuntime().availableProcessors() + " cores", note);
	}

	/** The CPU for {@code auto} and {@code cpu}: this build has PyTorch's CPU natives only. */
	@Override
	public Engine on(DeviceChoice choice) {
		if (choice.isGpu()) throw new IllegalArgumentException("device=" + choice + ": the TorchScript engine runs " +
			"on the CPU only; use engine=tensorflow for the GPU, or device=cpu");
		return new TorchScriptEngine(pytorch,
			choice.kind() == DeviceChoice.Kind.AUTO ? "the TorchScript engine runs on the CPU only" : null);
	}

	@Override
	public Network load(String format, Path weights, NetworkConfig config) throws IOException {
		if (!format.equals(WEIGHT_FORMAT))
			throw new IllegalArgumentException("PyTorch runs " + WEIGHT_FORMAT + " weights, not " + format);
		return TorchScriptNetwork.load(pytorch, weights, config);
	}
}
