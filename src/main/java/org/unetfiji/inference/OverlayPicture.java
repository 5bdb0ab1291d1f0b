package org.unetfiji.inference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.image.RgbPng;
import org.unetfiji.visualization.Overlay;

/**
 * The overlay picture of a segmentation ({@code NAME.overlay.png}: the middle slice of the first frame with its
 * classes and instances), rendered and encoded on a thread of its own as soon as its plane's instances are known,
 * while the remaining planes are written; the file is written only on {@link #writeTo}, at commit.
 */
final class OverlayPicture {

	private final FutureTask<byte[]> png;

	/** Starts rendering; {@code classes} and {@code instances} must not change afterwards. */
	OverlayPicture(PlaneSource image, int[] classes, int[] instances) {
		png = new FutureTask<>(() -> {
			float[] grey = new float[image.sizeX() * image.sizeY()];
			image.read(0, image.sizeZ() / 2, 0, grey);
			int[] rgb = (int[]) Overlay.render(grey, classes, instances, image.sizeX(), image.sizeY()).getPixels();
			return RgbPng.encode(rgb, image.sizeX(), image.sizeY());
		});
		Thread thread = new Thread(png, "unet-overlay");
		thread.setDaemon(true);
		thread.start();
	}

	/** Whether the plane {@code (t, z)} is the one pictured. */
	static boolean pictures(PlaneSource image, int t, int z) {
		return t == 0 && z == image.sizeZ() / 2;
	}

	/** Waits for the picture and writes it atomically. */
	void writeTo(Path target) throws IOException {
		byte[] bytes;
		try {
			bytes = png.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new java.io.InterruptedIOException("interrupted while drawing the overlay");
		}
		catch (ExecutionException e) {
			if (e.getCause() instanceof IOException io) throw io;
			if (e.getCause() instanceof RuntimeException runtime) throw runtime;
			throw new IllegalStateException(e.getCause());
		}
		ImageFiles.writeAtomically(target, out -> out.write(bytes));
	}
}
