/**
 * The TensorFlow engine ({@code engine=tensorflow}): builds, trains, saves and runs U-Nets as TensorFlow graphs and
 * SavedModels ({@code tensorflow_saved_model_bundle} weights) on the CPU or a GPU, with the gradients TensorFlow
 * lacks registered from Java. Uses TensorFlow Java, protobuf and javacpp, the {@code engine} interface, {@code device}
 * and {@code network}; nothing else of the plugin. Installed in Fiji, its classes load only in the
 * {@link org.unetfiji.engine.EngineClassLoader} (child-only), so no type of this package may leave it: callers see
 * the {@code engine} interfaces. Registered in {@code META-INF/services/org.unetfiji.engine.EngineProvider}.
 */
package org.unetfiji.engine.tensorflow;
