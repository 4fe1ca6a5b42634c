package org.berth.app;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.berth.process.ProcessSnapshot;
import org.berth.store.DeploymentRecord;

/**
 * An app at one moment, for {@code berth app status}, the API and the dashboard.
 *
 * @param release        the serving release id, if any
 * @param ports          the port of each web process, by process label
 * @param activity       what the app's worker is doing now ("waiting for r7/web-1 to be ready …"), empty when idle
 * @param lastDeployment the latest deployment attempt, whatever its outcome
 */
public record AppStatus(String name, AppState state, Optional<Long> release, Optional<String> sha256,
                        Optional<Instant> servingSince, List<String> hosts, List<ProcessSnapshot> processes,
                        java.util.Map<String, Integer> ports, Optional<String> activity,
                        Optional<DeploymentRecord> lastDeployment) {
}
