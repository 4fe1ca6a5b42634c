package org.berth.tls;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.berth.config.AcmeChallenge;
import org.berth.config.AcmeSettings;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a certificate for every host that asks for one by ACME: reuses the stored one while it is good,
 * requests one when there is none, renews at two thirds of its lifetime (earlier when the CA's renewal
 * information says so), and retries failures with growing delays that respect the CA's rate limits.
 *
 * <p>All ACME work runs on one thread, one host at a time, which is also what CAs' rate limits favour;
 * what other threads read (served certificates, statuses) sits in concurrent maps.
 */
final class AcmeCertificates implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeCertificates.class);
    private static final String ACCOUNT_GONE = "urn:ietf:params:acme:error:accountDoesNotExist";
    private static final Duration MINIMUM_LIFETIME_LEFT = Duration.ofHours(1);

    /** What the worker knows of one host; touched on the worker thread only. */
    private static final class Plan {
        List<AcmeChallenge> challenges;
        int failures;
        ScheduledFuture<?> next;
    }

    private final Optional<AcmeSettings> settings;
    private final Optional<String> unusable;
    private final AcmeStore store;
    private final AcmeAccount account;
    private final AcmeIssuer issuer;
    private final AcmeTimings timings;
    private final RenewalInfoLookup renewalInfo;
    private final Clock clock;
    private final Runnable onChange;
    private final ScheduledExecutorService worker;
    private final Map<String, ServedCertificate> served = new ConcurrentHashMap<>();
    private final Map<String, CertificateStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, Plan> plans = new HashMap<>();
    private boolean started;
    private volatile boolean closed;

    /**
     * @param onChange called (on the worker) whenever {@link #served()} changed, to rebuild the SNI table
     */
    AcmeCertificates(Optional<AcmeSettings> settings, java.nio.file.Path dataRoot, Http01Challenges http01,
                     TlsAlpnChallenges tlsAlpn01, AcmeTimings timings, Clock clock, Runnable onChange) {
        this.settings = settings;
        this.timings = timings;
        this.clock = clock;
        this.onChange = onChange;
        this.renewalInfo = new RenewalInfoLookup(timings.renewalInfoInterval());
        this.issuer = new AcmeIssuer(http01, tlsAlpn01, timings.validationTimeout());
        AcmeSessions sessions = null;
        String problem = null;
        if (settings.isEmpty()) {
            problem = "ssl: acme needs berth.yaml's 'acme:' block (directory, email, accept-terms: true)";
        } else {
            try {
                sessions = AcmeSessions.of(settings.get(), timings.networkTimeout());
            } catch (TlsFileException e) {
                problem = "acme.ca-certificates: " + e.getMessage();
            }
        }
        this.unusable = Optional.ofNullable(problem);
        this.store = settings.map(acme -> new AcmeStore(dataRoot, acme.directory())).orElse(null);
        this.account = sessions == null ? null : new AcmeAccount(settings.get(), store, sessions);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "berth-acme");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.worker = executor;
    }

    /** Lets issuance begin: the proxy's listeners are bound, so the CA's validations can reach them. */
    CompletableFuture<Void> start() {
        return run(() -> {
            started = true;
            plans.keySet().forEach(this::proceed);
        });
    }

    /** The hosts that want an ACME certificate now, each with its stanza's challenge (or the configured order). */
    CompletableFuture<Void> hostsChanged(Map<String, Optional<AcmeChallenge>> wanted) {
        Map<String, Optional<AcmeChallenge>> copy = Map.copyOf(wanted);
        return run(() -> apply(copy));
    }

    /** Renews now, whatever the certificate's age; completes with the host's status afterwards. */
    CompletableFuture<CertificateStatus> renewNow(String host) {
        return CompletableFuture.supplyAsync(() -> {
            Plan plan = plans.get(host);
            if (plan == null) {
                throw new IllegalArgumentException(host + " does not ask for an ACME certificate");
            }
            if (unusable.isPresent() || !AcmeStore.isCertifiableHost(host)) {
                return status(host).orElseThrow();
            }
            cancel(plan);
            issue(host);
            return status(host).orElseThrow();
        }, worker);
    }

    Map<String, ServedCertificate> served() {
        return Map.copyOf(served);
    }

    Optional<CertificateStatus> status(String host) {
        return Optional.ofNullable(statuses.get(host));
    }

    @Override
    public void close() {
        closed = true;
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- on the worker ------------------------------------------------------------------------------

    private void apply(Map<String, Optional<AcmeChallenge>> wanted) {
        boolean changed = false;
        for (String host : List.copyOf(plans.keySet())) {
            if (!wanted.containsKey(host)) {
                cancel(plans.remove(host));
                statuses.remove(host);
                changed |= served.remove(host) != null;
            }
        }
        for (Map.Entry<String, Optional<AcmeChallenge>> entry : wanted.entrySet()) {
            boolean added = !plans.containsKey(entry.getKey());
            Plan plan = plans.computeIfAbsent(entry.getKey(), host -> new Plan());
            plan.challenges = entry.getValue().map(List::of)
                    .orElseGet(() -> settings.map(AcmeSettings::challenges).orElse(AcmeSettings.DEFAULT_CHALLENGES));
            if (added) {
                changed |= begin(entry.getKey());
            }
        }
        if (changed) {
            onChange.run();
        }
    }

    /** A host new to this run: its stored certificate if it is good, else a request. True when one is served. */
    private boolean begin(String host) {
        if (unusable.isPresent()) {
            statuses.put(host, CertificateStatus.failed(host, unusable.get(), Optional.empty()));
            return false;
        }
        if (!AcmeStore.isCertifiableHost(host)) {
            statuses.put(host, CertificateStatus.failed(host, host + " cannot get an ACME certificate: "
                    + (host.contains("*") ? "a wildcard needs the dns-01 challenge, which berth does not answer; "
                    + "give the stanza certificate files" : "not a DNS host name"), Optional.empty()));
            return false;
        }
        Optional<CertifiedKey> stored = stored(host);
        boolean reused = stored.isPresent() && stored.get().notAfter().isAfter(clock.instant());
        if (reused) {
            install(host, stored.get());
        } else {
            statuses.put(host, CertificateStatus.pending(host));
        }
        if (started) {
            proceed(host);
        }
        return reused;
    }

    /** The next step for a usable host once started: check a served certificate's age, else request one. */
    private void proceed(String host) {
        if (unusable.isEmpty() && AcmeStore.isCertifiableHost(host)) {
            schedule(host, served.containsKey(host) ? this::check : this::issue, Duration.ZERO);
        }
    }

    private Optional<CertifiedKey> stored(String host) {
        try {
            return store.certificate(host);
        } catch (TlsFileException e) {
            LOG.warn("certificate for {}: the stored one cannot be used, requesting a new one: {}", host, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A served certificate: renew it when due, at the due time when that comes before the next look, else look
     * again then (ARI may have news). Renewing at the time chosen rather than looking again then matters: ARI's
     * time is drawn at random in the CA's window, and a new draw at that time would fall later again, and again,
     * up to the window's end, asking the CA each time (RFC 9773 §4.2: renew at the selected time).
     */
    private void check(String host) {
        ServedCertificate current = served.get(host);
        if (current == null) {
            issue(host);
            return;
        }
        Duration wait = Duration.between(clock.instant(), renewalTime(host, current.certified()));
        if (wait.compareTo(timings.renewalInfoInterval()) > 0) {
            schedule(host, this::check, timings.renewalInfoInterval());
        } else {
            schedule(host, this::issue, wait);
        }
    }

    private Instant renewalTime(String host, CertifiedKey certified) {
        Instant byAge = timings.renewAt(certified.notBefore(), certified.notAfter());
        Instant due = byAge;
        try {
            Optional<Instant> byCa = renewalInfo.suggestion(account.login(), certified);
            if (byCa.isPresent() && byCa.get().isBefore(byAge)) {
                due = byCa.get();
            }
        } catch (Exception e) {
            LOG.debug("renewal information for {} unavailable: {}", host, AcmeFailure.deepestMessage(e));
        }
        CertificateStatus status = statuses.get(host);
        if (status != null && status.serving()) {
            statuses.put(host, new CertificateStatus(host, status.state(), status.origin(), status.notAfter(),
                    Optional.of(due), status.problem(), status.nextAttempt()));
        }
        return due;
    }

    private void issue(String host) {
        Plan plan = plans.get(host);
        if (plan == null) {
            return;
        }
        plan.next = null;
        try {
            CertifiedKey certified = request(host, plan.challenges);
            store.saveCertificate(host, certified);
            plan.failures = 0;
            install(host, certified);
            LOG.info("certificate for {} issued by {}: {}", host, account.directory(), certified);
            onChange.run();
            schedule(host, this::check, untilRenewal(host, certified));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            fail(host, plan, AcmeFailure.of(e, account.directory()));
        }
    }

    /**
     * The wait before a new certificate's first check: no longer than the renewal information interval,
     * since the CA may ask for an early renewal any day (when it must revoke), not only at two thirds.
     * One that is due as soon as issued means this machine's clock is ahead of the CA's; checking at once
     * would order certificate after certificate into the CA's rate limits, so it waits that interval too.
     */
    private Duration untilRenewal(String host, CertifiedKey certified) {
        Duration wait = Duration.between(clock.instant(), timings.renewAt(certified.notBefore(), certified.notAfter()));
        if (wait.compareTo(MINIMUM_LIFETIME_LEFT) < 0) {
            LOG.warn("certificate for {} is due for renewal as soon as issued ({}); is this machine's clock right? "
                    + "Next check in {}", host, certified, timings.renewalInfoInterval());
            return timings.renewalInfoInterval();
        }
        return wait.compareTo(timings.renewalInfoInterval()) > 0 ? timings.renewalInfoInterval() : wait;
    }

    /** One order; when the CA has forgotten the stored account (a test CA restarted), registers again once. */
    private CertifiedKey request(String host, List<AcmeChallenge> challenges) throws Exception {
        Optional<X509Certificate> replacing = Optional.empty();
        Login login = account.login();
        if (served.containsKey(host) && renewalInfo.offered(login)) {
            replacing = Optional.of(served.get(host).certified().leaf());
        }
        try {
            return issuer.issue(login, host, challenges, replacing);
        } catch (AcmeServerException e) {
            if (!URI.create(ACCOUNT_GONE).equals(e.getType())) {
                throw e;
            }
            LOG.warn("ACME account at {} is unknown to the CA now; registering again", account.directory());
            account.forget();
            return issuer.issue(account.login(), host, challenges, Optional.empty());
        }
    }

    private void fail(String host, Plan plan, AcmeFailure failure) {
        if (closed) {
            return; // an attempt cut short by shutdown is no failure to report
        }
        plan.failures++;
        Instant next = clock.instant().plus(timings.retryDelay(plan.failures));
        if (failure.retryAfter().isPresent() && failure.retryAfter().get().isAfter(next)) {
            next = failure.retryAfter().get();
        }
        CertificateStatus status = statuses.get(host);
        statuses.put(host, status != null && status.serving()
                ? status.withProblem(failure.message(), Optional.of(next))
                : CertificateStatus.failed(host, failure.message(), Optional.of(next)));
        LOG.warn("certificate for {}: {}; next attempt at {}", host, failure.message(), next);
        schedule(host, this::issue, Duration.between(clock.instant(), next));
    }

    private void install(String host, CertifiedKey certified) {
        try {
            ServedCertificate certificate = ServedCertificate.of(certified, "ACME " + account.directory().getHost());
            served.put(host, certificate);
            statuses.put(host, CertificateStatus.serving(host, certificate,
                    Optional.of(timings.renewAt(certified.notBefore(), certified.notAfter())), clock.instant()));
        } catch (TlsFileException e) {
            statuses.put(host, CertificateStatus.failed(host, e.getMessage(), Optional.empty()));
        }
    }

    private void schedule(String host, java.util.function.Consumer<String> step, Duration delay) {
        Plan plan = plans.get(host);
        cancel(plan);
        long millis = Math.max(0, delay.toMillis());
        plan.next = worker.schedule(() -> {
            if (plans.get(host) == plan) {
                step.accept(host);
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private static void cancel(Plan plan) {
        if (plan != null && plan.next != null) {
            plan.next.cancel(false);
            plan.next = null;
        }
    }

    private CompletableFuture<Void> run(Runnable task) {
        return CompletableFuture.runAsync(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("ACME worker: {}", e.toString(), e);
                throw e;
            }
        }, worker);
    }
}
