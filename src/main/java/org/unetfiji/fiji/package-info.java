/**
 * The Fiji commands (SciJava {@code Command}s under Plugins &gt; U-Net, headless). Each is thin: its parameters carry
 * the {@code ./unet} keys as names; it fills the use case's request of {@code org.unetfiji.api} from them (an open
 * image named by its title goes in as it is in memory, see {@link org.unetfiji.fiji.ImageOrPath}), runs the task
 * with the command's cancel flag, and shows the task's events in the status bar, the progress bar, the log and the
 * live learning curve. A new command is a subclass of {@link org.unetfiji.fiji.UNetCommand} with the command's keys
 * as parameters (a camel-case name stands for a hyphenated key: {@code borderWeight} is {@code border-weight}), plus
 * one line in {@code plugins.config} for its ImageJ 1.x name.
 */
package org.unetfiji.fiji;
