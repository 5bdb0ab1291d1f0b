package org.unetfiji.api;

/**
 * The outcome of a model check.
 *
 * @param engine the engine and device that ran the model
 * @param largestDifference the largest {@code |output - expected|}
 * @param passed whether every value is within the tolerance
 */
public record CheckResult(String engine, double largestDifference, boolean passed) {}
