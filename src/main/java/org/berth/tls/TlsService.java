package org.berth.tls;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.berth.config.AcmeChallenge;
import org.berth.config.AcmeSettings;
import org.berth.config.HstsSettings;
import org.berth.config.TlsListenerSpec;
import org.berth.config.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTPS for the proxy, in one place: the certificate each TLS handshake gets (by SNI, from stanza files,
 * from ACME, or the listener's default), automatic certificates from the configured ACME CA, and the
 * answers to the CA's challenges. The proxy (its only user) follows this contract:
 *
 * <ol>
 *   <li><b>Create</b> one per server from the loaded config ({@code new TlsService(config.apps().tls(),
 *       config.dataRoot())}), before binding.</li>
 *   <li><b>Each TLS listener</b>: {@link #listener(TlsListenerSpec)} once at bind (it throws
 *       {@link TlsFileException} with one line naming the file when the listener's own certificate is
 *       unusable: log it and skip that listener; {@link #listenerWithoutCertificate()} for one that has no
 *       files). For each accepted connection, put {@link TlsListener#newHandler()} first in the pipeline: it
 *       replaces itself with an {@code SslHandler}; once the handshake is done, the negotiated protocol is
 *       {@code h2} or {@code http/1.1} (no ALPN: HTTP/1.1). A connection that negotiated {@code acme-tls/1} is
 *       a CA's tls-alpn-01 validation: close it after the handshake, never route it.</li>
 *   <li><b>Each plain listener</b>: answer {@code GET /.well-known/acme-challenge/TOKEN} on any host, before
 *       routing, with {@code 200 text/plain} and the body {@link #http01Answer(String)} when present; when
 *       empty, route the request as usual.</li>
 *   <li><b>At every route table change</b> (start, deploy, removal): {@link #hostsChanged(Map)} with every
 *       host and its stanza's {@code ssl} as {@link CertificateSource#of}. It returns at once; the returned
 *       future completes when file certificates are in service.</li>
 *   <li>{@link #start()} once the listeners are bound: ACME requests wait for it, since the CA's validations
 *       must reach them. {@link #close()} at shutdown.</li>
 *   <li>{@link #status(String)} for {@code berth app status} and the API ({@link CertificateStatus#describe()}
 *       is its one-line form). While {@link CertificateStatus#httpsReady()} is false (its own certificate is
 *       pending or failed), the host keeps working over plain HTTP: no {@code requires-secure} redirect, no
 *       HSTS. {@link #hsts()} is the header for HTTPS answers.</li>
 * </ol>
 *
 * <p>Certificates change without touching open connections: a handshake picks from an immutable table
 * that is replaced whole (stanza files are re-read within 30 seconds of a change, ACME certificates when
 * issued); a connection keeps the SSLEngine it started with. Every method is thread-safe; the
 * handshake path takes no lock.
 */
public final class TlsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TlsService.class);
    static final Duration FILE_CHECK_INTERVAL = Duration.ofSeconds(30);

    private final TlsSettings settings;
    private final CertificateTable table = new CertificateTable();
    private final Http01Challenges http01 = new Http01Challenges();
    private final TlsAlpnChallenges tlsAlpn01 = new TlsAlpnChallenges();
    private final FileHostCertificates fileHosts;
    private final AcmeCertificates acme;
    private final ScheduledExecutorService worker;
    private final List<TlsListener> listeners = new CopyOnWriteArrayList<>();
    /** Written on the worker only; read by {@link #status}. */
    private volatile Map<String, CertificateSource> sources = Map.of();
    /** Hosts with a requested renewal not yet done, with how many are outstanding. */
    private final Map<String, Integer> renewals = new java.util.concurrent.ConcurrentHashMap<>();

    public TlsService(TlsSettings settings, Path dataRoot) {
        this(settings, dataRoot, AcmeTimings.DEFAULT, Clock.systemUTC());
    }

    /** With other timings and clock: for tests, which cannot wait two months for a renewal. */
    public TlsService(TlsSettings settings, Path dataRoot, AcmeTimings timings, Clock clock) {
        this.settings = settings;
        this.fileHosts = new FileHostCertificates(clock);
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "berth-tls");
            thread.setDaemon(true);
            return thread;
        });
        this.acme = new AcmeCertificates(settings.acme(), dataRoot, http01, tlsAlpn01, timings, clock, this::rebuild);
    }

    /** The TLS side of a configured listener, with its certificate files as the default. */
    public TlsListener listener(TlsListenerSpec spec) throws TlsFileException {
        CertificateSource.Files defaults = new CertificateSource.Files(spec.key(), spec.certificate(),
                spec.chainCertificates());
        FileCertificates.Loaded loaded = fileHosts.load(defaults);
        if (loaded.served().isEmpty()) {
            throw new TlsFileException(loaded.problem().orElseThrow());
        }
        return register(new TlsListener(selector(loaded.served().get(), spec.sessionResumption()), Optional.of(defaults)));
    }

    /** A TLS listener without files: a fresh self-signed default, for setups where every host has its own. */
    public TlsListener listenerWithoutCertificate() {
        try {
            ServedCertificate fallback = ServedCertificate.of(SelfSignedCertificate.create("berth.invalid"), "self-signed");
            return register(new TlsListener(selector(fallback, false), Optional.empty()));
        } catch (TlsFileException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Every host the proxy serves, with where its certificate comes from. Hosts left out lose their own
     * certificate (and, for ACME, their renewals; the stored files stay for a later return).
     */
    public CompletableFuture<Void> hostsChanged(Map<String, CertificateSource> hosts) {
        // Host names are case-insensitive; ACME and the file names under the data root want them lower case.
        Map<String, CertificateSource> lower = new HashMap<>();
        hosts.forEach((host, source) -> lower.put(host.toLowerCase(Locale.ROOT), source));
        Map<String, CertificateSource> copy = Map.copyOf(lower);
        return CompletableFuture.runAsync(() -> apply(copy), worker);
    }

    /** Begins ACME work and the periodic check of certificate files. */
    public void start() {
        long seconds = FILE_CHECK_INTERVAL.toSeconds();
        worker.scheduleWithFixedDelay(this::refreshFiles, seconds, seconds, TimeUnit.SECONDS);
        acme.start();
    }

    /** Reads changed certificate files now rather than at the next periodic check. */
    public CompletableFuture<Void> reloadFiles() {
        return CompletableFuture.runAsync(this::refreshFiles, worker);
    }

    /** The key authorization for an http-01 token the CA is validating now. */
    public Optional<String> http01Answer(String token) {
        return http01.answer(token);
    }

    /** A host's certificate state; NONE for a host that has none of its own or that berth does not serve. */
    public CertificateStatus status(String name) {
        String host = name.toLowerCase(Locale.ROOT);
        CertificateSource source = sources.get(host);
        if (source instanceof CertificateSource.Files) {
            return fileHosts.status(host).orElse(CertificateStatus.pending(host));
        }
        if (source != null && wantsAcme(host, source)) {
            return acme.status(host).orElse(CertificateStatus.pending(host));
        }
        return CertificateStatus.none(host);
    }

    /** Every host's status, sorted by host. */
    public List<CertificateStatus> statuses() {
        return sources.keySet().stream().sorted().map(this::status).toList();
    }

    /**
     * Requests a new ACME certificate for the host now, whatever the age of its current one; completes with
     * its status afterwards (exceptionally, with an IllegalArgumentException, for a host that does not use ACME).
     */
    public CompletableFuture<CertificateStatus> renewNow(String name) {
        String host = name.toLowerCase(Locale.ROOT);
        // Counted, not flagged: a second request while one runs must not clear the mark when the first ends.
        renewals.merge(host, 1, Integer::sum);
        return acme.renewNow(host).whenComplete((status, failure) ->
                renewals.computeIfPresent(host, (key, count) -> count == 1 ? null : count - 1));
    }

    /** Whether a renewal asked for by {@link #renewNow} is queued or running for the host. */
    public boolean renewing(String name) {
        return renewals.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Whether the host's certificate comes from ACME ({@code ssl: acme}, or {@code acme.all-hosts}): only those renew. */
    public boolean usesAcme(String name) {
        String host = name.toLowerCase(Locale.ROOT);
        CertificateSource source = sources.get(host);
        return source != null && wantsAcme(host, source);
    }

    /** Whether an ACME account is configured: then plain listeners answer http-01 validations. */
    public boolean acmeConfigured() {
        return settings.acme().isPresent();
    }

    public HstsSettings hsts() {
        return settings.hsts();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        acme.close();
    }

    // --- internals ----------------------------------------------------------------------------------

    private CertificateSelector selector(ServedCertificate fallback, boolean resumption) {
        return new CertificateSelector(table, tlsAlpn01, fallback, resumption);
    }

    private TlsListener register(TlsListener listener) {
        listeners.add(listener);
        return listener;
    }

    /** ACME for {@code ssl: acme}, and with {@code all-hosts} for every host without certificate files. */
    private boolean wantsAcme(String host, CertificateSource source) {
        return source instanceof CertificateSource.Acme
                || (source instanceof CertificateSource.Listener && settings.acme().map(AcmeSettings::allHosts).orElse(false)
                && !host.contains("*"));
    }

    private void apply(Map<String, CertificateSource> hosts) {
        sources = hosts;
        fileHosts.update(hosts, listeners);
        Map<String, Optional<AcmeChallenge>> acmeHosts = new HashMap<>();
        hosts.forEach((host, source) -> {
            if (wantsAcme(host, source)) {
                acmeHosts.put(host, source instanceof CertificateSource.Acme wanted ? wanted.challenge() : Optional.empty());
            }
        });
        acme.hostsChanged(acmeHosts);
        rebuild();
    }

    private void refreshFiles() {
        try {
            fileHosts.update(sources, listeners);
            rebuild();
        } catch (RuntimeException e) {
            LOG.error("checking certificate files failed: {}", e.toString(), e);
        }
    }

    /** The table every TLS listener reads: stanza files and ACME certificates, swapped whole. */
    private synchronized void rebuild() {
        Map<String, ServedCertificate> all = new HashMap<>(acme.served());
        all.keySet().retainAll(sources.keySet());
        all.putAll(fileHosts.served());
        table.replace(HostCertificates.of(all));
    }

    List<TlsListener> listeners() {
        return new ArrayList<>(listeners);
    }
}
