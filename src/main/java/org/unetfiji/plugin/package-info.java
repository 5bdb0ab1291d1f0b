/**
 * How plug-ins are found: engines ({@code engine.EngineProvider}) and post-processing steps
 * ({@code inference.postprocessing.PostprocessingStep}) are {@link java.util.ServiceLoader} services, so that a new
 * one is one class and one line in {@code META-INF/services}, found without a SciJava context (command line, Spark
 * executors, tests). It uses nothing of the project.
 */
package org.unetfiji.plugin;
