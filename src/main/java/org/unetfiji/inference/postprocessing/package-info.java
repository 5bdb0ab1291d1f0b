/**
 * The post-processing stage between the tiler's probability planes and the written outputs: a
 * {@link org.unetfiji.inference.postprocessing.Postprocessing} chain of one step that labels classes
 * ({@link org.unetfiji.inference.postprocessing.Argmax}, the default, or
 * {@link org.unetfiji.inference.postprocessing.Threshold}) and one that finds instances
 * ({@link org.unetfiji.inference.postprocessing.Components}, the default;
 * {@link org.unetfiji.inference.postprocessing.Watershed} for touching nuclei;
 * {@link org.unetfiji.inference.postprocessing.Boundaries} for cells from a boundary map), each a
 * {@link org.unetfiji.inference.postprocessing.PostprocessingStep} plug-in found by its key with
 * {@link java.util.ServiceLoader} and recorded in a model package as
 * <pre>
 * config:
 *   unet:
 *     postprocessing:
 *     - id: threshold
 *       kwargs: {threshold: 0.7}
 *     - id: components
 *       kwargs: {min_size: 30, connectivity: face}
 * </pre>
 * Steps work plane by plane, so stacks larger than memory stream through them; an instance step may spool to disk
 * until every frame is seen. A new kind of step (e.g. test-time augmentation or rescaling around the prediction) is a
 * new {@code Stage} kind here; neither the tiler nor the commands change.
 * <p>
 * May use {@code model} (the recorded steps), {@code image.ops} (connected components, watershed) and the JDK; the rest of
 * {@code inference} uses this package, not the other way round.
 */
package org.unetfiji.inference.postprocessing;
