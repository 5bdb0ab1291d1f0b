/**
 * Trained models on disk: the {@code rdf.yaml} descriptor (bioimage.io model description 0.5 plus this
 * plugin's {@code config.unet} section), model folders and .zip packages ({@link org.unetfiji.model.ModelPackage}),
 * NumPy test tensors ({@link org.unetfiji.model.Npy}), checksums ({@link org.unetfiji.model.Checksums}: the
 * SavedModel folder's checksum is a SHA-256 over a sorted manifest of its files' SHA-256s) and finding a model
 * by name ({@link org.unetfiji.model.ModelLocator}). Every problem is reported as a
 * {@link org.unetfiji.model.ModelPackageException} whose message names the file and field and says what to do.
 * The descriptor keeps the weights as a map from bioimage.io format key to {@link org.unetfiji.model.WeightsEntry}
 * (file, checksum, the format's own attributes), so a new format needs no change here; which formats can run comes
 * from the engine registry ({@link org.unetfiji.engine.Engines#weightFormats()}). No engine library here: an engine
 * loads {@link org.unetfiji.model.ModelPackage#weights(String)}.
 */
package org.unetfiji.model;
