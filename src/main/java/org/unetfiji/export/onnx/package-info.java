/**
 * ONNX export: the U-Net as an ONNX graph of standard operators (protobuf written by hand with
 * {@link org.unetfiji.export.onnx.ProtoMessage}, channels-last input and output like the package's axes, batch norm
 * folded), checked against the package's own engine on its test tensors before it is added to a copy of the package
 * ({@link org.unetfiji.export.onnx.OnnxExport}).
 */
package org.unetfiji.export.onnx;
