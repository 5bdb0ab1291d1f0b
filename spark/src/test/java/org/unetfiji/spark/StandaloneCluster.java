package org.unetfiji.spark;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a master and workers, each a separate JVM started from the jars
 * of {@code SPARK_HOME/jars} (Maven's copy of every runtime dependency, no downloaded distribution), whose workers
 * start executors from the same folder.
 */
final class StandaloneCluster implements AutoCloseable {

	private final Process master;
	private final List<Process> workers = new ArrayList<>();
	private final int port;

	private StandaloneCluster(Process master, int port) {
		this.master = master;
		this.port = port;
	}

	/** Starts a master and {@code workers} workers of one core each, logging into {@code folder}. */
	static StandaloneCluster start(Path folder, int workers) throws IOException, InterruptedException {
		Files.createDirectories(folder);
		int port = freePort();
		StandaloneCluster cluster = new StandaloneCluster(
			java(folder, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
				Integer.toString(port), "--webui-port", Integer.toString(freePort())),
			port);
		try {
			cluster.await(port);
			for (int i = 0; i < workers; i++)
				cluster.workers.add(java(folder, "worker" + i, "org.apache.spark.deploy.worker.Worker", "--host",
					"127.0.0.1", "--cores", "1", "--memory", "2g", "--webui-port", Integer.toString(freePort()),
					"--work-dir", folder.resolve("work" + i).toString(), cluster.master()));
			return cluster;
		}
		catch (IOException | InterruptedException | RuntimeException e) {
			cluster.close();
			throw e;
		}
	}

	String master() {
		return "spark://127.0.0.1:" + port;
	}

	/** Kills worker {@code i} and the executors it started, as a machine failing would. */
	void killWorker(int i) {
		Process worker = workers.get(i);
		worker.descendants().forEach(ProcessHandle::destroyForcibly);
		worker.destroyForcibly();
	}

	@Override
	public void close() {
		for (Process worker : workers) {
			worker.descendants().forEach(ProcessHandle::destroyForcibly);
			worker.destroyForcibly();
		}
		master.destroyForcibly();
	}

	private void await(int port) throws InterruptedException, IOException {
		long deadline = System.currentTimeMillis() + 60_000;
		while (System.currentTimeMillis() < deadline) {
			if (!master.isAlive()) throw new IOException("the Spark master exited with " + master.exitValue());
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
				return;
			}
			catch (IOException e) {
				Thread.sleep(200);
			}
		}
		throw new IOException("the Spark master did not listen on port " + port + " within a minute");
	}

	private static Process java(Path folder, String name, String mainClass, String... args) throws IOException {
		Path home = Path.of(System.getProperty("unet.spark.home", "target/spark-home")).toAbsolutePath();
		List<String> command = new ArrayList<>(
			List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
				home.resolve("jars") + File.separator + "*"));
		command.addAll(Arrays.asList(System.getProperty("unet.spark.javaOptions", "").split(" ")));
		command.add(mainClass);
		command.addAll(Arrays.asList(args));
		command.removeIf(String::isBlank);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(folder.resolve(name + ".log").toFile());
		builder.environment().put("SPARK_HOME", home.toString());
		builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
		// what bin/load-spark-env.sh sets in a distribution; the workers' executor launcher needs it
		builder.environment().put("SPARK_SCALA_VERSION", "2.13");
		return builder.start();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
