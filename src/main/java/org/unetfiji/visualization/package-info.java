/** Pictures of a segmentation for people: overlays of classes and borders on the grey image. */
package org.unetfiji.visualization;
