package org.berth.tls;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates that come from files: each stanza's {@code ssl} files and each listener's default.
 * Updated on {@link TlsService}'s worker thread only; {@link #served()} and {@link #status} are read from
 * any thread. A failure affects its host alone, and is logged once per change, not once per check.
 */
final class FileHostCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(FileHostCertificates.class);

    private final FileCertificates files = new FileCertificates();
    private final Clock clock;
    private final Map<String, CertificateStatus> statuses = new ConcurrentHashMap<>();
    private final Map<Object, String> lastLogged = new HashMap<>();
    private volatile Map<String, ServedCertificate> served = Map.of();

    FileHostCertificates(Clock clock) {
        this.clock = clock;
    }

    /** A listener's default certificate, or the one-line reason it cannot be used. */
    FileCertificates.Loaded load(CertificateSource.Files defaults) {
        return files.load(defaults);
    }

    /** Loads (or reuses, when unchanged) the files of every host that names some, and of every listener. */
    void update(Map<String, CertificateSource> sources, List<TlsListener> listeners) {
        Map<String, ServedCertificate> next = new HashMap<>();
        Set<CertificateSource.Files> inUse = new HashSet<>();
        Set<String> fileHosts = new HashSet<>();
        sources.forEach((host, source) -> {
            if (source instanceof CertificateSource.Files named) {
                inUse.add(named);
                fileHosts.add(host);
                FileCertificates.Loaded loaded = files.load(named);
                loaded.served().ifPresent(certificate -> next.put(host, certificate));
                statuses.put(host, status(host, loaded));
                logOnce(host, loaded);
            }
        });
        served = Map.copyOf(next);
        statuses.keySet().retainAll(fileHosts);
        for (TlsListener listener : listeners) {
            listener.defaultFiles().ifPresent(defaults -> {
                inUse.add(defaults);
                refreshDefault(listener, defaults);
            });
        }
        files.retain(inUse);
    }

    Map<String, ServedCertificate> served() {
        return served;
    }

    Optional<CertificateStatus> status(String host) {
        return Optional.ofNullable(statuses.get(host));
    }

    private CertificateStatus status(String host, FileCertificates.Loaded loaded) {
        if (loaded.served().isEmpty()) {
            return CertificateStatus.failed(host, loaded.problem().orElseThrow(), Optional.empty());
        }
        CertificateStatus serving = CertificateStatus.serving(host, loaded.served().get(), Optional.empty(), clock.instant());
        return loaded.problem().map(problem -> serving.withProblem(problem, Optional.empty())).orElse(serving);
    }

    private void refreshDefault(TlsListener listener, CertificateSource.Files defaults) {
        FileCertificates.Loaded loaded = files.load(defaults);
        loaded.served().filter(certificate -> certificate != listener.selector().fallback())
                .ifPresent(certificate -> listener.selector().replaceFallback(certificate));
        logOnce(defaults, loaded);
    }

    private void logOnce(Object who, FileCertificates.Loaded loaded) {
        String line = loaded.problem().map(problem -> "problem: " + problem)
                .orElseGet(() -> loaded.served().map(ServedCertificate::toString).orElse(""));
        if (line.equals(lastLogged.put(who, line))) {
            return;
        }
        String name = who instanceof String host ? "certificate for " + host : "listener certificate";
        if (loaded.problem().isPresent()) {
            LOG.warn("{}: {}{}", name, loaded.problem().get(),
                    loaded.served().isPresent() ? "; still serving the previous one" : "");
        } else {
            LOG.info("{}: {}", name, line);
        }
    }
}
