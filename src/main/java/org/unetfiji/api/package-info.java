/**
 * The use cases of U-Net for Fiji as typed Java calls, shared by the command line ({@code cli}) and the Fiji
 * commands ({@code fiji}), and open to scripts: per use case one request record (what to do, with the
 * {@code key=value} vocabulary's defaults), one listener (progress and results, extending
 * {@link org.unetfiji.api.ProgressListener}) and a cancel flag ({@link org.unetfiji.api.Cancellation}).
 * Neither {@code cli} nor {@code fiji} is imported here: they parse or collect parameters into requests and show
 * the events their own way.
 */
package org.unetfiji.api;
