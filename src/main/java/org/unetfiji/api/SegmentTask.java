package org.unetfiji.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.unetfiji.image.Hyperstack;
import org.unetfiji.image.ImageFiles;
import org.unetfiji.image.PlaneSource;
import org.unetfiji.inference.LoadedModel;
import org.unetfiji.inference.Rescaling;
import org.unetfiji.inference.Segmentation;
import org.unetfiji.inference.SegmentationFiles;
import org.unetfiji.inference.SegmentationWriter;
import org.unetfiji.inference.SegmentationZarr;
import org.unetfiji.inference.TestTimeAugmentation;
import org.unetfiji.inference.postprocessing.Postprocessing;
import org.unetfiji.inference.tiling.MemoryBudget;
import org.unetfiji.inference.tiling.TiledPredictor;
import org.unetfiji.model.ModelPackage;

/**
 * Segments one image, tile by tile: into images held in memory, or streamed into files plane by plane, so that an
 * image larger than memory (a lazily loaded or generated {@link Hyperstack}) is read and written plane by plane and
 * never held whole. {@link BatchSegmentTask} does the same for image files.
 */
public final class SegmentTask {

	private SegmentTask() {}

	/**
	 * Segments an image into new images in memory with its calibration.
	 *
	 * @throws CancellationException when {@code cancelled} turns true
	 */
	public static SegmentResult run(SegmentRequest request, Hyperstack<?> image, SegmentListener listener,
		BooleanSupplier cancelled) throws Exception
	{
		return withModel(request, listener, cancelled, (model, loaded) -> {
			Rescaling rescaling = rescaling(loaded, request, PlaneSource.of(image), listener);
			Segmentation.Result r = Segmentation.segment(predictor(loaded, request, listener), image, rescaling,
				postprocessing(loaded, request, rescaling), tiles(listener), Cancellation::requested);
			return new SegmentResult(r.probabilities(), r.labels(), r.instances(), loaded.classNames());
		});
	}

	/**
	 * Segments an image into {@code NAME.probabilities.tif}, {@code NAME.labels.tif}, {@code NAME.instances.tif} and
	 * {@code NAME.overlay.png} in {@code output} (NAME: the image's name without extension), reading its planes when
	 * the tiles need them and writing result planes as they are finished.
	 *
	 * @throws CancellationException when {@code cancelled} turns true; no file is left under its final name then
	 */
	public static SegmentedFiles run(SegmentRequest request, Hyperstack<?> image, Path output, SegmentListener listener,
		BooleanSupplier cancelled) throws Exception
	{
		return withModel(request, listener, cancelled, (model, loaded) -> {
			Files.createDirectories(output);
			SegmentedFiles files = toFiles(loaded, request, PlaneSource.of(image),
				image.name().isBlank() ? "image" : image.name(), null, output, false, listener);
			listener.segmented(files);
			return files;
		});
	}

	/** Work with a loaded model. */
	@FunctionalInterface
	private interface ModelWork<R> {
		R run(ModelPackage model, LoadedModel loaded) throws Exception;
	}

	/** Runs {@code work} with the request's model loaded, as the caller's cancel flag allows. */
	private static <R> R withModel(SegmentRequest request, SegmentListener listener, BooleanSupplier cancelled,
		ModelWork<R> work) throws Exception
	{
		List<R> result = new ArrayList<>(1);
		Cancellation.during(cancelled, () -> {
			try (ModelPackage model = ModelPackage.open(request.model());
				LoadedModel loaded = load(model, request, listener))
			{
				result.add(work.run(model, loaded));
			}
		});
		return result.get(0);
	}

	/** Loads the model's network on the engine and device asked for, and tells the listener. */
	static LoadedModel load(ModelPackage model, SegmentRequest request, SegmentListener listener) throws IOException {
		LoadedModel loaded = LoadedModel.load(model, request.engine(), request.device());
		listener.loaded(model.descriptor().name(), loaded.engineName(), loaded.device(), request.device());
		return loaded;
	}

	/**
	 * Segments one image into files named after {@code name}; the plan goes to the listener first.
	 *
	 * @param input the file the image was read from, which is never overwritten; null for an image from memory
	 * @param zarr whether the results go into one OME-Zarr container rather than TIFF files
	 */
	static SegmentedFiles toFiles(LoadedModel loaded, SegmentRequest request, PlaneSource image, String name,
		Path input, Path output, boolean zarr, SegmentListener listener) throws IOException
	{
		TiledPredictor predictor = predictor(loaded, request, listener);
		Rescaling rescaling = rescaling(loaded, request, image, listener);
		listener.plan(predictor.plan(rescaling == null ? image : rescaling.scaled(image)) +
			(image.sizeT() > 1 ? " per frame" : ""));
		long start = System.nanoTime();
		String base = ImageFiles.baseName(name);
		int classes = predictor.config().classes();
		try (SegmentationWriter files = zarr ? new SegmentationZarr(output, base, image, input, classes)
			: new SegmentationFiles(output, base, image, input, classes))
		{
			Segmentation.segment(predictor, image, rescaling, postprocessing(loaded, request, rescaling), output, files,
				tiles(listener), Cancellation::requested);
			files.commit();
			return new SegmentedFiles(name, new long[]{ image.sizeX(), image.sizeY(), image.sizeZ() },
				(System.nanoTime() - start) / 1e9, files.probabilitiesOutput(), files.labelsOutput(),
				files.instancesOutput(), files.overlayOutput());
		}
	}

	/** How the network sees the image: at the model's pixel size unless the request says not to; the log says so. */
	private static Rescaling rescaling(LoadedModel loaded, SegmentRequest request, PlaneSource image,
		SegmentListener listener)
	{
		Rescaling.Plan plan = Rescaling.plan(image, loaded.descriptor().elementSizeUm(), request.rescale());
		if (plan.note() != null) listener.note(plan.note());
		return plan.rescaling();
	}

	/** The model's post-processing, its recorded sizes in the image's pixels, with the request's options over it. */
	private static Postprocessing postprocessing(LoadedModel loaded, SegmentRequest request, Rescaling rescaling) {
		Postprocessing recorded = loaded.postprocessing();
		return request.postprocessing(rescaling == null ? recorded : rescaling.atImageScale(recorded));
	}

	/** A tiled predictor planned for the memory free now (notes about GPU memory go to the listener). */
	private static TiledPredictor predictor(LoadedModel loaded, SegmentRequest request, SegmentListener listener) {
		TestTimeAugmentation tta = request.tta();
		if (tta != TestTimeAugmentation.NONE) listener.note(TestTimeAugmentation.KEY + "=" + tta + ": " +
			tta.predictions(loaded.config().dims()) + " predictions per tile, averaged");
		return loaded.predictor(request.tiling(), MemoryBudget.forDevice(loaded.device(), listener::note), tta);
	}

	private static TiledPredictor.Listener tiles(SegmentListener listener) {
		return new TiledPredictor.Listener() {
			@Override
			public void tiles(long done, long total, double secondsLeft) {
				listener.tiles(done, total, secondsLeft);
			}

			@Override
			public void note(String message) {
				listener.note(message);
			}
		};
	}
}
