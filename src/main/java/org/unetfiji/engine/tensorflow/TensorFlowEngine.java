package org.unetfiji.engine.tensorflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.ConfigProto;
import org.unetfiji.device.Device;
import org.unetfiji.device.DeviceChoice;
import org.unetfiji.device.GpuDiagnosis;
import org.unetfiji.device.NvidiaSmi;
import org.unetfiji.engine.Network;
import org.unetfiji.engine.Precision;
import org.unetfiji.engine.TrainableNetwork;
import org.unetfiji.engine.TrainingEngine;
import org.unetfiji.network.NetworkConfig;

/**
 * The TensorFlow Java engine (TensorFlow 2.18 through TensorFlow Java 1.1.0), CPU or GPU natives. A new engine runs
 * on {@code device=auto}, chosen on first use; {@link #on} gives one on another device. TensorFlow can map only one
 * GPU per process, so after one GPU was used, asking for another is an error.
 */
public final class TensorFlowEngine implements TrainingEngine {

	/** The bioimage.io weights format key of a SavedModel. */
	public static final String WEIGHT_FORMAT = "tensorflow_saved_model_bundle";

	/** A device and the session options that run there. */
	private record Placement(Device device, ConfigProto config) {}

	/** The GPU this process has used, or -1. */
	private static int gpuInUse = -1;

	private final DeviceChoice choice;
	private Placement placement;

	public TensorFlowEngine() {
		this(DeviceChoice.AUTO, null);
	}

	private TensorFlowEngine(DeviceChoice choice, Placement placement) {
		this.choice = choice;
		this.placement = placement;
	}

	@Override
	public String name() {
		return "TensorFlow " + TensorFlowNatives.get().version() +
			(placement != null && SessionConfig.isBfloat16(placement.config()) ? ", bfloat16" : "");
	}

	@Override
	public List<String> weightFormats() {
		return List.of(WEIGHT_FORMAT);
	}

	@Override
	public Device device() {
		return placement().device();
	}

	@Override
	public TrainingEngine on(DeviceChoice newChoice) {
		return new TensorFlowEngine(newChoice, place(newChoice));
	}

	/**
	 * {@inheritDoc} {@code bfloat16} runs on the CPU only, where it has AVX512-BF16 or AMX (see
	 * {@link SessionConfig#cpuBfloat16}).
	 */
	@Override
	public TensorFlowEngine withPrecision(Precision precision) {
		if (precision == Precision.FLOAT32) return this;
		Placement current = placement();
		if (current.device().isGpu()) throw new IllegalArgumentException(
			"precision=" + precision + " runs on the CPU only (device=cpu); on a GPU use precision=float32");
		if (!Precision.cpuHasBfloat16()) throw new IllegalArgumentException("precision=" + precision +
			": this CPU has no bfloat16 instructions (AVX512-BF16 or AMX in /proc/cpuinfo); use precision=float32");
		return new TensorFlowEngine(choice, new Placement(current.device(), SessionConfig.cpuBfloat16()));
	}

	@Override
	public TrainableNetwork create(NetworkConfig config, long seed) {
		return TensorFlowNetwork.create(config, seed, false, placement().config());
	}

	@Override
	public TrainableNetwork finetune(Path savedNetwork, NetworkConfig savedConfig, NetworkConfig config,
		boolean freezeEncoder, long seed) throws IOException
	{
		return TensorFlowNetwork.finetune(savedNetwork, savedConfig, config, freezeEncoder, seed, placement().config());
	}

	@Override
	public TrainableNetwork load(Path savedNetwork, NetworkConfig config) throws IOException {
		return TensorFlowNetwork.load(savedNetwork, config, placement().config());
	}

	@Override
	public Network load(String format, Path weights, NetworkConfig config) throws IOException {
		if (!format.equals(WEIGHT_FORMAT))
			throw new IllegalArgumentException("TensorFlow runs " + WEIGHT_FORMAT + " weights, not " + format);
		SavedModelBundle bundle = TensorFlowNetwork.open(weights, placement().config());
		return TensorFlowNetwork.isOurs(bundle) ? TensorFlowNetwork.of(bundle, weights, config)
			: SignatureNetwork.of(bundle, weights, config);
	}

	private synchronized Placement placement() {
		if (placement == null) placement = place(choice);
		return placement;
	}

	/**
	 * The device for a choice, from the devices a session with its options lists: a GPU when one is asked for (or,
	 * for {@code auto}, when one is usable), else the CPU.
	 *
	 * @throws IllegalStateException when a GPU asked for explicitly cannot be used
	 */
	private static synchronized Placement place(DeviceChoice choice) {
		TensorFlowNatives natives = TensorFlowNatives.get();
		if (choice.kind() == DeviceChoice.Kind.CPU) return cpu(natives, null);
		int gpu = choice.isGpu() ? choice.gpu() : Math.max(0, gpuInUse);
		if (gpuInUse >= 0 && gpu != gpuInUse) throw new IllegalStateException("device=" + choice +
			": TensorFlow already runs on GPU " + gpuInUse + " in this process and can use only one GPU per " +
			"process; restart (Fiji, or the command) to use GPU " + gpu);
		String problem;
		if (!natives.gpuBuild()) problem = GpuDiagnosis.CPU_NATIVES;
		else {
			ConfigProto config = SessionConfig.gpu(gpu);
			String engineError = null;
			try {
				List<SessionDevices.Listed> gpus = SessionDevices.list(config).stream()
					.filter(d -> d.type().equals("GPU")).toList();
				if (!gpus.isEmpty()) {
					gpuInUse = gpu;
					return new Placement(gpuDevice(gpu, gpus.get(0).memoryBytes()), config);
				}
			}
			catch (IllegalStateException e) {
				engineError = e.getMessage();
			}
			problem = new GpuDiagnosis(true, natives.cudaProblem(),
				Files.exists(Path.of("/proc/driver/nvidia/version")), NvidiaSmi.query(null),
				System.getenv("CUDA_VISIBLE_DEVICES"), gpu, engineError).reason();
		}
		if (choice.isGpu()) throw new IllegalStateException(
			"device=" + choice + ": no GPU can be used: " + problem + "; device=cpu runs on the CPU");
		return cpu(natives, "no GPU used: " + problem);
	}

	private static Placement cpu(TensorFlowNatives natives, String note) {
		return new Placement(Device.cpu("TensorFlow " + (natives.gpuBuild() ? "GPU" : "CPU") + " build, " +
			Runtime.getRuntime().availableProcessors() + " cores", note), SessionConfig.cpu());
	}

	/** The GPU with its name and memory from nvidia-smi, or the memory TensorFlow may use when it cannot tell. */
	private static Device gpuDevice(int gpu, long tensorFlowBytes) {
		String id = NvidiaSmi.physicalId(gpu, System.getenv("CUDA_VISIBLE_DEVICES"));
		NvidiaSmi.Query query = id == null ? null : NvidiaSmi.query(id);
		if (query == null || query.problem() != null || query.gpus().isEmpty()) return new Device(gpu,
			"NVIDIA GPU; " + (query == null ? "not in CUDA_VISIBLE_DEVICES"
				: query.problem() != null ? query.problem() : "nvidia-smi lists no GPU " + id),
			tensorFlowBytes, id, null);
		NvidiaSmi.Gpu listed = query.gpus().get(0);
		return new Device(gpu, listed.name(), listed.totalBytes(), id, null);
	}
}
