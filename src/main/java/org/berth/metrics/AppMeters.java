package org.berth.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.berth.app.AppEvent;
import org.berth.app.AppEventListener;
import org.berth.app.AppState;
import org.berth.app.AppStatus;
import org.berth.process.ProcessSnapshot;

/**
 * Apps' meters. Deploy durations and outcomes, rollbacks and crash-loops are counted as their
 * events happen; state, restarts and back-off are gauges read from the latest statuses, which
 * {@link #refresh} takes just before each scrape (so nothing polls between scrapes).
 */
final class AppMeters implements AppEventListener {
    private final MeterRegistry registry;
    private final Map<String, AppStatus> latest = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> gauges = new ConcurrentHashMap<>();

    AppMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void appEvent(AppEvent event) {
        switch (event.type()) {
            case DEPLOY_SUCCEEDED, DEPLOY_FAILED -> event.duration().ifPresent(took -> Timer.builder("berth.deploy.duration")
                    .tag("app", event.app()).tag("outcome", event.type() == AppEvent.Type.DEPLOY_SUCCEEDED ? "succeeded" : "failed")
                    .description("Deploys (also restarts and rollbacks) from start to serving or failure")
                    .register(registry).record(took));
            case ROLLBACK -> Counter.builder("berth.app.rollbacks").tag("app", event.app())
                    .description("Rollbacks that put an earlier release into service").register(registry).increment();
            case CRASH_LOOP -> Counter.builder("berth.app.crash.loops").tag("app", event.app())
                    .description("Times a process of the app began crash-looping").register(registry).increment();
            case DEPLOY_STARTED -> { }
        }
    }

    /** Takes the apps' current statuses; registers gauges for new apps and removes those of apps gone. */
    void refresh(List<AppStatus> statuses) {
        Map<String, AppStatus> now = statuses.stream().collect(Collectors.toMap(AppStatus::name, status -> status));
        latest.putAll(now);
        Set<String> gone = Set.copyOf(gauges.keySet().stream().filter(app -> !now.containsKey(app)).toList());
        gone.forEach(app -> {
            gauges.remove(app).forEach(registry::remove);
            latest.remove(app);
        });
        now.keySet().forEach(app -> gauges.computeIfAbsent(app, this::register));
    }

    private List<Meter> register(String app) {
        List<Meter> meters = new ArrayList<>();
        for (AppState state : AppState.values()) {
            meters.add(Gauge.builder("berth.app.state", latest, map -> stateOf(map, app) == state ? 1 : 0)
                    .tag("app", app).tag("state", state.label())
                    .description("1 for the state the app is in, 0 for the others").register(registry));
        }
        meters.add(Gauge.builder("berth.app.process.restarts", latest, map -> processes(map, app).stream()
                        .mapToInt(ProcessSnapshot::restarts).sum())
                .tag("app", app).description("Restarts of the serving release's processes").register(registry));
        meters.add(Gauge.builder("berth.app.processes.backing.off", latest, map -> processes(map, app).stream()
                        .filter(process -> process.state().isWaiting()).count())
                .tag("app", app).description("Processes waiting out a restart delay").register(registry));
        meters.add(Gauge.builder("berth.app.backoff.seconds", latest, map -> backoff(processes(map, app)))
                .tag("app", app).description("Longest wait until a waiting process starts again").register(registry));
        return meters;
    }

    private static AppState stateOf(Map<String, AppStatus> map, String app) {
        AppStatus status = map.get(app);
        return status == null ? AppState.STOPPED : status.state();
    }

    private static List<ProcessSnapshot> processes(Map<String, AppStatus> map, String app) {
        AppStatus status = map.get(app);
        return status == null ? List.of() : status.processes();
    }

    private static double backoff(List<ProcessSnapshot> processes) {
        Instant now = Instant.now();
        return processes.stream().flatMap(process -> process.nextRestartAt().stream())
                .mapToDouble(at -> Math.max(0, (at.toEpochMilli() - now.toEpochMilli()) / 1000.0)).max().orElse(0);
    }
}
