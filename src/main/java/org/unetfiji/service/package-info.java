/**
 * U-Net segmentation at the SciJava level, for scripts and SciJava applications with or without ImageJ 1.x:
 * {@link org.unetfiji.service.UNetService} takes and returns ImgLib2 images, and
 * {@link org.unetfiji.service.UNetSegmentImage} is its command for any {@code RandomAccessibleInterval} of a real
 * type. Built on {@code api}; uses neither {@code cli} nor {@code fiji}, nor ImageJ 1.x.
 */
package org.unetfiji.service;
