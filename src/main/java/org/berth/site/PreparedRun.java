package org.berth.site;

import java.nio.file.Path;
import org.berth.naming.SiteName;

/** A request that passed every check and is recorded (queued) under {@code runId}, ready to run. */
public record PreparedRun(long runId, SiteName site, Path sitePath, SiteActionRequest request) {
}
