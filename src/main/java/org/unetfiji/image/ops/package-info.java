/**
 * Low-level image operations shared by {@code training}, {@code inference} and {@code evaluation}, so that none of
 * them imports another: connected components streamed plane by plane, optionally spooled to disk
 * ({@link org.unetfiji.image.ops.ComponentLabelling}) or on an image in memory
 * ({@link org.unetfiji.image.ops.ConnectedComponents}), percentile normalisation
 * ({@link org.unetfiji.image.ops.PercentileNormalizer}) and mirror padding
 * ({@link org.unetfiji.image.ops.MirrorPadding}), the exact anisotropic Euclidean distance transform
 * ({@link org.unetfiji.image.ops.DistanceTransform}), and instance separation from boundary evidence: seeded
 * watershed ({@link org.unetfiji.image.ops.SeededWatershed}), agglomeration of regions
 * ({@link org.unetfiji.image.ops.RegionMerging}), both together ({@link org.unetfiji.image.ops.Partition}) and
 * streamed over stacks by slabs with halos ({@link org.unetfiji.image.ops.PartitionLabelling}). It uses ImgLib2
 * core, the image package and the
 * engine boundary's {@code FloatTensor} only.
 */
package org.unetfiji.image.ops;
