/**
 * The one image model of the core: {@link org.unetfiji.image.Hyperstack} (an ImgLib2 image with the fixed axes X, Y,
 * C, Z, T, voxel size and name), {@link org.unetfiji.image.PlaneSource} to read a stack plane by plane without
 * holding it, the no-copy bridge to ImageJ 1.x ({@link org.unetfiji.image.ImagePlusBridge}), TIFF/PNG files
 * ({@link org.unetfiji.image.ImageFiles}, {@link org.unetfiji.image.TiffStackWriter}) and the flat channels-last
 * arrays of the engine boundary ({@link org.unetfiji.image.Tensors}). It uses ImgLib2 and ImageJ 1.x only.
 */
package org.unetfiji.image;
