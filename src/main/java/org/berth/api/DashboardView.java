package org.berth.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.berth.actions.Actions;
import org.berth.actions.SiteSummary;
import org.berth.app.AppStatus;
import org.berth.naming.AppName;
import org.berth.naming.InvalidSiteNameException;
import org.berth.process.ProcessSnapshot;
import org.berth.process.ProcessState;
import org.berth.tls.TlsService;

/**
 * What the dashboard shows, gathered in one go (it reads the store: not on an event loop) and
 * limited to what the visitor may see.
 */
record DashboardView(List<AppRow> apps, List<SiteRow> sites, List<HistoryRow> history) {
    private static final int HISTORY = 30;

    /** One app. {@code certificates} is "—" when this server runs no proxy (no TLS service). */
    record AppRow(String name, String state, String release, List<String> hosts, String uptime, int restarts,
                  String health, String certificates, String lastDeployment, String activity) {
    }

    record SiteRow(String name, boolean present, String lastRun, String result) {
    }

    /** A deploy or a recipe run. */
    record HistoryRow(Instant at, String kind, String subject, String what, String outcome, String detail) {
    }

    static DashboardView gather(Actions actions, Predicate<AppName> mayApp, Predicate<String> maySite) {
        List<HistoryRow> history = new ArrayList<>();
        List<AppRow> apps = new ArrayList<>();
        for (AppStatus status : appStatuses(actions)) {
            if (mayApp.test(AppName.parse(status.name()))) {
                apps.add(appRow(status, actions.certificates()));
                actions.apps().deployments(AppName.parse(status.name()), 10).forEach(deployment -> history.add(
                        new HistoryRow(deployment.startedAt(), "deploy", deployment.app(), "release " + deployment.releaseId()
                                + " (" + deployment.trigger() + ")", deployment.outcome() == null ? "running"
                                : deployment.outcome(), Optional.ofNullable(deployment.message()).orElse(""))));
            }
        }
        List<SiteRow> sites = new ArrayList<>();
        for (SiteSummary site : actions.sites()) {
            if (maySite.test(site.name())) {
                sites.add(siteRow(site));
                siteRuns(actions, site.name()).forEach(history::add);
            }
        }
        history.sort(Comparator.comparing(HistoryRow::at, Comparator.nullsLast(Comparator.reverseOrder())));
        return new DashboardView(apps, sites, history.subList(0, Math.min(HISTORY, history.size())));
    }

    private static List<AppStatus> appStatuses(Actions actions) {
        try {
            return actions.apps().list();
        } catch (IllegalStateException noApps) {
            return List.of(); // an API without 'berth server' runs no apps
        }
    }

    private static AppRow appRow(AppStatus status, Optional<TlsService> tls) {
        List<ProcessSnapshot> processes = status.processes();
        long running = processes.stream().filter(process -> process.state() == ProcessState.RUNNING).count();
        String health = processes.isEmpty() ? "no processes" : running + "/" + processes.size() + " running"
                + processes.stream().filter(process -> process.state() != ProcessState.RUNNING).findFirst()
                .map(process -> "; " + process.label() + " " + process.state().label()).orElse("");
        String certificates = tls.map(service -> String.join(", ", status.hosts().stream()
                .map(host -> host + ": " + service.status(host).state().name().toLowerCase(java.util.Locale.ROOT))
                .toList())).filter(text -> !text.isEmpty()).orElse("—");
        return new AppRow(status.name(), status.state().label(), status.release().map(id -> "r" + id).orElse("—"),
                status.hosts(), status.servingSince().map(DashboardView::since).orElse("—"),
                processes.stream().mapToInt(ProcessSnapshot::restarts).sum(), health, certificates,
                status.lastDeployment().map(deployment -> "#" + deployment.id() + " " + deployment.trigger() + ": "
                        + (deployment.outcome() == null ? "running" : deployment.outcome())).orElse("—"),
                status.activity().orElse(""));
    }

    private static SiteRow siteRow(SiteSummary site) {
        return new SiteRow(site.name(), site.present(),
                site.lastRun() == null ? "never" : site.lastRun().action() + " " + ago(site.lastRun().requestedAt()),
                site.lastRun() == null || site.lastRun().result() == null ? "—" : site.lastRun().result());
    }

    private static List<HistoryRow> siteRuns(Actions actions, String site) {
        try {
            return actions.siteHistory(site, 10).stream().map(run -> new HistoryRow(run.requestedAt(), "recipe", run.site(),
                    run.action() == null ? run.requestedAction() : run.action(), run.result() == null ? run.state().name()
                    .toLowerCase(java.util.Locale.ROOT) : run.result(), run.trigger() + " by " + run.caller())).toList();
        } catch (InvalidSiteNameException e) {
            return List.of();
        }
    }

    static String ago(Instant at) {
        return at == null ? "" : since(at) + " ago";
    }

    /** "3d 4h", "2h 5m", "4m 10s", "12s". */
    static String since(Instant at) {
        long seconds = Math.max(0, Duration.between(at, Instant.now()).toSeconds());
        if (seconds >= 86_400) {
            return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
        }
        if (seconds >= 3600) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds >= 60 ? seconds / 60 + "m " + seconds % 60 + "s" : seconds + "s";
    }
}
