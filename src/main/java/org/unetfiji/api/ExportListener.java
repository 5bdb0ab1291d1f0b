package org.unetfiji.api;

/** What an export reports while it runs; its result is {@link ExportTask.Result}. */
public interface ExportListener extends ProgressListener {}
