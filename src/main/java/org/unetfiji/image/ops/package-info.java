/**
 * Low-level image operations shared by {@code training}, {@code inference} and {@code evaluation}, so that none of
 * them imports another: {@link org.unetfiji.image.ops.ComponentLabelling} (connected components streamed plane by
 * plane, optionally spooled to disk) and {@link org.unetfiji.image.ops.ConnectedComponents} (the same on an image in
 * memory). Uses only the JDK and ImgLib2 core; imports nothing of this plugin.
 */
package org.unetfiji.image.ops;
