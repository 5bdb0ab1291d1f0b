/**
 * The Fiji commands (SciJava {@code Command}s under Plugins &gt; U-Net, headless). Each is thin: its parameters carry
 * the {@code ./unet} keys as names, and it either runs the matching {@code ./unet} command through
 * {@link org.unetfiji.fiji.CommandLineCall} (files in, files out; an open image named by its title is written to a
 * scratch file by {@link org.unetfiji.fiji.ImageArguments}) or calls the core directly
 * ({@link org.unetfiji.fiji.UNetSegment} on an open image, {@link org.unetfiji.fiji.UNetEvaluate} into a results
 * table). A new command is a subclass of {@link org.unetfiji.fiji.UNetCommand} with the command's keys as
 * parameters (a camel-case name stands for a hyphenated key: {@code borderWeight} is {@code border-weight}), plus
 * one line in {@code plugins.config} for its ImageJ 1.x name.
 */
package org.unetfiji.fiji;
