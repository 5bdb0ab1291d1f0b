package org.unetfiji.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.zarr.OmeZarr;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.model.ModelPackage;

/**
 * Segments an image file, every TIFF/PNG image of a folder or an OME-Zarr image into an output folder, as
 * {@code ./unet segment} does: TIFF stacks are read plane by plane, OME-Zarr images chunk by chunk, and the results written as they are computed (see {@link SegmentTask}); a file
 * that cannot be segmented is reported and skipped, and leaves no output behind.
 */
public final class BatchSegmentTask {

	private BatchSegmentTask() {}

	/**
	 * @throws IllegalArgumentException when the input does not exist or holds no image, or the output is a file or
	 *           the input folder; nothing is created then
	 * @throws CancellationException when {@code cancelled} turns true
	 */
	public static BatchSegmentSummary run(BatchSegmentRequest request, SegmentListener listener,
		BooleanSupplier cancelled) throws Exception
	{
		BatchSegmentSummary[] summary = new BatchSegmentSummary[1];
		Cancellation.during(cancelled, () -> summary[0] = segmentAll(request, listener));
		listener.finished(summary[0]);
		return summary[0];
	}

	private static BatchSegmentSummary segmentAll(BatchSegmentRequest request, SegmentListener listener)
		throws IOException
	{
		Path input = request.input();
		Path output = request.output();
		List<Path> files = OmeZarr.isContainer(input) ? List.of(input) : ImageFiles.imagesIn(input);
		if (Files.exists(output) && !Files.isDirectory(output))
			throw new IllegalArgumentException("output=" + output + " is a file; give a folder");
		if (Files.isDirectory(input) && Files.isDirectory(output) && Files.isSameFile(input, output))
			throw new IllegalArgumentException("output=" + output + " is the input folder; choose another folder");
		if (OmeZarr.isContainer(input) &&
			output.toAbsolutePath().normalize().startsWith(input.toAbsolutePath().normalize()))
			throw new IllegalArgumentException(
				"output=" + output + " is inside the input container; choose another " + "folder");
		int failed = 0;
		long start = System.nanoTime();
		try (ModelPackage model = ModelPackage.open(request.segment().model());
			LoadedModel loaded = SegmentTask.load(model, request.segment(), listener))
		{
			Files.createDirectories(output);
			for (int i = 0; i < files.size(); i++) {
				Path file = files.get(i);
				listener.started(i + 1, files.size(), file);
				try {
					boolean zarr = OmeZarr.isContainer(file);
					listener.segmented(SegmentTask.toFiles(loaded, request.segment(),
						zarr ? OmeZarr.open(file, request.level()) : ImageFiles.openLazily(file),
						file.getFileName().toString(), file, output, request.format().zarrFor(zarr), listener));
				}
				catch (IOException | RuntimeException e) {
					if (e instanceof CancellationException) throw e;
					failed++;
					listener.skipped(file, e.getMessage());
				}
			}
		}
		return new BatchSegmentSummary(files.size() - failed, files.size(), (System.nanoTime() - start) / 1e9, output);
	}
}
