package org.berth.proxy;

import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.berth.config.AccessLogSettings;
import org.berth.config.AppPolicy;
import org.berth.config.AppSettings;
import org.berth.config.ListenerSpec;
import org.berth.config.ResponseFiles;

/**
 * What the proxy needs to know, taken from the global settings plus the knobs the config file does
 * not have: how long idle backend connections are kept, the shutdown grace, the event loops.
 *
 * @param listeners          where to listen (TLS listeners are skipped until the HTTPS work)
 * @param connectTimeout     longest TCP connect to a backend
 * @param idleTimeout        a connection with no bytes moving either way for this long is closed
 * @param requestTimeBound   Keter's {@code connection-time-bound}: longest request, head to last byte;
 *                           empty = none; a stanza's own bound wins
 * @param poolIdleTimeout    an unused keep-alive connection to a backend is closed after this; kept
 *                           below common backend keep-alive timeouts (Node's 5 s) so berth closes first
 * @param healthcheckPath    answered 200 on any host, before routing
 * @param externalHttpsPort  port put into the https URL of a {@code requires-secure} redirect
 * @param trustsForwardingFrom peers whose forwarding headers are kept (ip-from-header / trusted-proxies)
 * @param trustedProxies     addresses in a forwarding chain that are skipped when looking for the client
 *                           ({@code apps.trusted-proxies}; none with Keter's ip-from-header alone), see
 *                           {@link ForwardingChain}
 * @param responseFiles      custom bodies for the proxy's own answers
 * @param upstreamTls        TLS client for {@code reversed-ssl} upstreams; empty = the JDK's trust store
 * @param shutdownGrace      how long {@link ProxyServer#close()} lets requests in flight finish
 * @param ioThreads          event loops; one per core
 * @param accessLog          whether and how the caller opens the access log ({@link #accessLogFormat()});
 *                           the proxy writes to the {@link AccessLogWriter} it is given, if any
 */
public record ProxySettings(
        List<ListenerSpec> listeners,
        Duration connectTimeout,
        Duration idleTimeout,
        Optional<Duration> requestTimeBound,
        Duration poolIdleTimeout,
        Optional<String> healthcheckPath,
        int externalHttpsPort,
        Predicate<InetAddress> trustsForwardingFrom,
        Predicate<InetAddress> trustedProxies,
        ResponseFiles responseFiles,
        Optional<SslContext> upstreamTls,
        Duration shutdownGrace,
        int ioThreads,
        AccessLogSettings accessLog) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = AppPolicy.DEFAULT_CONNECT_TIMEOUT;
    public static final Duration DEFAULT_IDLE_TIMEOUT = AppPolicy.DEFAULT_IDLE_TIMEOUT;
    public static final Duration DEFAULT_POOL_IDLE_TIMEOUT = Duration.ofSeconds(4);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

    public ProxySettings {
        listeners = List.copyOf(listeners);
        if (ioThreads < 1) {
            throw new IllegalArgumentException("at least one I/O thread is needed");
        }
        Objects.requireNonNull(accessLog, "accessLog");
    }

    /**
     * Without access-log settings (the default ones: combined, on), and with the peers whose headers are
     * kept as the trusted proxies too, as a {@code trusted-proxies} list makes them.
     */
    public ProxySettings(List<ListenerSpec> listeners, Duration connectTimeout, Duration idleTimeout,
                         Optional<Duration> requestTimeBound, Duration poolIdleTimeout, Optional<String> healthcheckPath,
                         int externalHttpsPort, Predicate<InetAddress> trustsForwardingFrom, ResponseFiles responseFiles,
                         Optional<SslContext> upstreamTls, Duration shutdownGrace, int ioThreads) {
        this(listeners, connectTimeout, idleTimeout, requestTimeBound, poolIdleTimeout, healthcheckPath,
                externalHttpsPort, trustsForwardingFrom, trustsForwardingFrom, responseFiles, upstreamTls,
                shutdownGrace, ioThreads, AccessLogSettings.DEFAULT);
    }

    /** The proxy as the global config describes it, with berth's defaults for the rest. */
    public static ProxySettings from(AppSettings settings) {
        return new ProxySettings(settings.listeners(), settings.apps().connectTimeout(), settings.apps().idleTimeout(),
                settings.connectionTimeBound(), DEFAULT_POOL_IDLE_TIMEOUT, settings.healthcheckPath(),
                settings.externalHttpsPort(), settings::trustsForwardingFrom, settings::isTrustedProxy,
                settings.responseFiles(), Optional.empty(), DEFAULT_SHUTDOWN_GRACE,
                Runtime.getRuntime().availableProcessors(), settings.accessLog());
    }

    public ProxySettings withListeners(List<ListenerSpec> newListeners) {
        return new ProxySettings(newListeners, connectTimeout, idleTimeout, requestTimeBound, poolIdleTimeout,
                healthcheckPath, externalHttpsPort, trustsForwardingFrom, trustedProxies, responseFiles, upstreamTls,
                shutdownGrace, ioThreads, accessLog);
    }

    public ProxySettings withTimeouts(Duration connect, Duration idle, Optional<Duration> requestBound) {
        return new ProxySettings(listeners, connect, idle, requestBound, poolIdleTimeout, healthcheckPath,
                externalHttpsPort, trustsForwardingFrom, trustedProxies, responseFiles, upstreamTls, shutdownGrace,
                ioThreads, accessLog);
    }

    /** Trust as a {@code trusted-proxies} list gives it: these peers' headers are kept, and these hops skipped. */
    public ProxySettings withTrust(Predicate<InetAddress> trust) {
        return withTrust(trust, trust);
    }

    /** {@code peers}' headers are kept; {@code proxies} are the hops skipped when looking for the client. */
    public ProxySettings withTrust(Predicate<InetAddress> peers, Predicate<InetAddress> proxies) {
        return new ProxySettings(listeners, connectTimeout, idleTimeout, requestTimeBound, poolIdleTimeout,
                healthcheckPath, externalHttpsPort, peers, proxies, responseFiles, upstreamTls, shutdownGrace,
                ioThreads, accessLog);
    }

    public ProxySettings withUpstreamTls(SslContext tls) {
        return new ProxySettings(listeners, connectTimeout, idleTimeout, requestTimeBound, poolIdleTimeout,
                healthcheckPath, externalHttpsPort, trustsForwardingFrom, trustedProxies, responseFiles,
                Optional.of(tls), shutdownGrace, ioThreads, accessLog);
    }

    public ProxySettings withAccessLog(AccessLogSettings newAccessLog) {
        return new ProxySettings(listeners, connectTimeout, idleTimeout, requestTimeBound, poolIdleTimeout,
                healthcheckPath, externalHttpsPort, trustsForwardingFrom, trustedProxies, responseFiles, upstreamTls,
                shutdownGrace, ioThreads, newAccessLog);
    }

    /** The format to open the access log in; empty when it is off ({@code access-log: false}). */
    public Optional<AccessLogFormat> accessLogFormat() {
        return accessLog.enabled() ? AccessLogFormat.named(accessLog.format()) : Optional.empty();
    }

    /** The global request bound in nanoseconds; 0 = none. */
    long requestTimeBoundNanos() {
        return requestTimeBound.filter(bound -> !bound.isZero()).map(Duration::toNanos).orElse(0L);
    }
}
