/**
 * OME-Zarr (NGFF) images on a file system: {@link org.unetfiji.image.zarr.OmeZarr} reads one resolution level of an
 * NGFF 0.4 (Zarr v2) or 0.5 (Zarr v3) image lazily, chunk by chunk, as a {@link org.unetfiji.image.PlaneSource};
 * {@link org.unetfiji.image.zarr.OmeZarrWriter} writes a new NGFF 0.4 container plane by plane (label images with a
 * nearest-neighbour pyramid), atomically at container level; {@link org.unetfiji.image.zarr.ZarrArray} reads and
 * writes whole chunks by grid index, which is also what a block-parallel (Spark) job needs.
 * <p>
 * Own code rather than {@code dev.zarr:zarr-java}: resolving its 0.0.9 from Maven Central fails here, because it
 * depends on netCDF-Java ({@code edu.ucar:cdm-core}, served only by Unidata's repository), and it brings Jackson,
 * the AWS S3 SDK, okhttp, a Blosc binding over JNA and zstd-jni into the Fiji plugin's dependencies; the v2 core of
 * the format is JSON metadata plus C-ordered chunks, a few hundred lines with Gson (which Fiji ships) and
 * {@code java.util.zip}. Chunks are compressed with zlib (numcodecs' {@code zlib}, read by every Zarr client,
 * python-zarr 2.13 included); reading accepts zlib, gzip, Blosc (inner LZ4 or zlib, byte shuffle: python-zarr's
 * default, decoded in {@link org.unetfiji.image.zarr.Blosc}) and uncompressed chunks (v3: the {@code bytes},
 * {@code gzip} and {@code blosc} codecs). zstd, Blosc's other inner codecs and sharded arrays are refused with a
 * message that says so.
 */
package org.unetfiji.image.zarr;
