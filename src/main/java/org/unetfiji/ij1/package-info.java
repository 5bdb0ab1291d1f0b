/**
 * ImageJ 1.x glue: the {@code plugins.config} entries ({@code run("U-Net Segment", "...")} in macros, the macro
 * recorder) all run {@link org.unetfiji.ij1.UNetPlugIn}, which asks for a SciJava command's parameters in a
 * recordable dialog and runs that command.
 */
package org.unetfiji.ij1;
