/**
 * Choosing and describing the device that runs the networks: {@link org.unetfiji.device.DeviceChoice}
 * ({@code device=auto|cpu|gpu|gpu:N}, the parameter of every command that runs a network),
 * {@link org.unetfiji.device.Device} (what really runs, for the log), {@link org.unetfiji.device.NvidiaSmi} (GPU
 * names and free memory from the driver) and {@link org.unetfiji.device.GpuDiagnosis} (why no GPU is usable).
 * Plain Java: these types cross the engine interface, so they never touch TensorFlow.
 */
package org.unetfiji.device;
