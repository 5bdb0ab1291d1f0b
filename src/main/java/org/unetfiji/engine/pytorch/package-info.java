/**
 * The PyTorch engine ({@code engine=torchscript}): runs {@code torchscript} weights, models published by others
 * (bioimage.io packages exported from PyTorch), through DJL's PyTorch engine on the CPU, with the natives from
 * Maven Central's {@code pytorch-native-cpu} jar, fully offline and without DJL's usage tracking. Prediction only:
 * an {@link org.unetfiji.engine.Engine}, not a training engine. Uses DJL, the {@code engine} interface,
 * {@code device} and {@code network}; nothing else of the plugin. Registered in
 * {@code META-INF/services/org.unetfiji.engine.EngineProvider}.
 */
package org.unetfiji.engine.pytorch;
