/**
 * The Fiji commands (SciJava {@code Command}s under Plugins &gt; U-Net, headless). Each is thin: its parameters carry
 * the {@code ./unet} keys as names, and it either runs the matching {@code ./unet} command through
 * {@link org.unetfiji.fiji.CommandLineCall} (files in, files out) or calls the core on an open image
 * ({@link org.unetfiji.fiji.UNetSegment}). A new command (Finetune, Evaluate, Weight Map) is a subclass of
 * {@link org.unetfiji.fiji.UNetCommand} with the command's keys as parameters, plus one line in
 * {@code plugins.config} for its ImageJ 1.x name.
 */
package org.unetfiji.fiji;
