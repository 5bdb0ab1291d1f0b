/**
 * The ONNX Runtime engine ({@code engine=onnx}): runs {@code onnx} weights, ours exported from TensorFlow and models
 * from elsewhere, on the CPU. Prediction only: an {@link org.unetfiji.engine.Engine}, not a training engine. Uses
 * ONNX Runtime's Java API, the {@code engine} interface, {@code device} and {@code network}; nothing else of the
 * plugin. Registered in {@code META-INF/services/org.unetfiji.engine.EngineProvider}.
 */
package org.unetfiji.engine.onnx;
