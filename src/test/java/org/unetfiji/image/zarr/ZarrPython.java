package org.unetfiji.image.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;

/**
 * The reference Zarr implementation, python-zarr (Debian's {@code python3-zarr}, which {@code .ci/run} installs),
 * run as a separate process through {@code /usr/bin/python3} (the first python3 on the PATH may be another one).
 */
public final class ZarrPython {

	private static final String PYTHON = "/usr/bin/python3";

	private ZarrPython() {}

	/** Skips the calling test, saying why, when {@code /usr/bin/python3} cannot import zarr. */
	public static void assumeAvailable() {
		boolean available;
		try {
			Process process = new ProcessBuilder(PYTHON, "-c", "import zarr, numcodecs, numpy")
				.redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			available = process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException | InterruptedException e) {
			available = false;
		}
		assumeTrue(available, PYTHON + " cannot import zarr: install Debian's python3-zarr (.ci/run does) to run " +
			"the tests against the reference Zarr implementation");
	}

	/**
	 * Writes an 8-bit TIFF stack as an OME-Zarr image with python-zarr: level 0 in chunks of 16×64×64 (zlib, edge
	 * chunks partly filled), level 1 halved in x and y (gzip, {@code /} between chunk indices), axes z, y, x in
	 * micrometres with the TIFF's voxel size.
	 */
	public static void writeVolume(Path tiff, Path container) throws IOException, InterruptedException {
		PlaneSource image = ImageFiles.openLazily(tiff);
		assertEquals(8, image.bitDepth(), "an 8-bit stack");
		Path raw = Files.createTempFile("zarr-test", ".raw");
		try {
			byte[] bytes = new byte[image.sizeX() * image.sizeY() * image.sizeZ()];
			float[] plane = new float[image.sizeX() * image.sizeY()];
			for (int z = 0; z < image.sizeZ(); z++) {
				image.read(0, z, 0, plane);
				for (int i = 0; i < plane.length; i++)
					bytes[z * plane.length + i] = (byte) plane[i];
			}
			Files.write(raw, bytes);
			double[] voxel = image.voxelSize();
			run("""
				import sys, numpy as np, zarr, numcodecs
				raw, path = sys.argv[1:3]
				z, y, x = (int(v) for v in sys.argv[3:6])
				vx, vy, vz = (float(v) for v in sys.argv[6:9])
				data = np.fromfile(raw, dtype=np.uint8).reshape(z, y, x)
				g = zarr.open_group(path, mode='w')
				g.create_dataset('0', data=data, chunks=(16, 64, 64), compressor=numcodecs.Zlib(level=5))
				g.create_dataset('1', data=data[:, ::2, ::2], chunks=(16, 64, 64), compressor=numcodecs.GZip(level=5),
				                 dimension_separator='/')
				axes = [{'name': n, 'type': 'space', 'unit': 'micrometer'} for n in 'zyx']
				g.attrs['multiscales'] = [{'version': '0.4', 'name': 'volume', 'axes': axes, 'datasets': [
				    {'path': '0', 'coordinateTransformations': [{'type': 'scale', 'scale': [vz, vy, vx]}]},
				    {'path': '1', 'coordinateTransformations': [{'type': 'scale', 'scale': [vz, 2 * vy, 2 * vx]}]}]}]
				""", raw, container, image.sizeZ(), image.sizeY(), image.sizeX(), voxel[0], voxel[1], voxel[2]);
		}
		finally {
			Files.deleteIfExists(raw);
		}
	}

	/** Runs a Python script with arguments; returns its standard output and fails the test when it fails. */
	public static String run(String script, Object... arguments) throws IOException, InterruptedException {
		Path file = Files.createTempFile("zarr-test", ".py");
		try {
			Files.writeString(file, script);
			List<String> command = new ArrayList<>(List.of(PYTHON, file.toString()));
			for (Object argument : arguments)
				command.add(argument.toString());
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
			byte[] out = process.getInputStream().readAllBytes();
			String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
			assertEquals(0, process.waitFor(), "python failed: " + err);
			return new String(out, StandardCharsets.UTF_8);
		}
		finally {
			Files.deleteIfExists(file);
		}
	}
}
