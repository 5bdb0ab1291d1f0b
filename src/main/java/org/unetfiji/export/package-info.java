/**
 * Model packages written from networks: {@link org.unetfiji.export.ModelExport} writes a trained network as a package
 * (SavedModel, descriptor with the training record, test tensors); {@code export.onnx} adds ONNX weights to a copy of
 * a package. It uses the engine, model, network, image and training packages.
 */
package org.unetfiji.export;
