package org.berth.app;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.berth.bundle.BundleConfig;
import org.berth.route.Route;
import org.berth.route.RouteTarget;

/**
 * A release that is running: its unpacked folder, parsed config, processes and the routes it
 * answers. Becomes the app's serving release once ready; stopped when replaced or removed.
 */
public record ReleaseInstance(long releaseId, String sha256, Path folder, BundleConfig config,
                              List<RunningProcess> processes, List<Route> routes, Instant startedAt) {

    public List<RouteTarget.Backend> backends() {
        return routes.stream().map(Route::target).filter(RouteTarget.Backend.class::isInstance)
                .map(RouteTarget.Backend.class::cast).distinct().toList();
    }

    public List<String> hosts() {
        return routes.stream().map(route -> route.host().pattern()).toList();
    }
}
