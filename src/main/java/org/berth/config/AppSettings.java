package org.berth.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything of Keter's global {@code keter-config.yaml} except {@code root}, plus berth's own
 * {@code apps:} block. Read by {@link AppSettingsReader}; Keter's legacy form ({@code host},
 * {@code port}, {@code ssl}) arrives here already turned into {@link #listeners}.
 *
 * @param listeners              where the proxy listens; never empty
 * @param setuid                 user that runs every app
 * @param env                    variables for every app
 * @param ipFromHeader           take the client address from {@code X-Forwarded-For}
 * @param externalHttpPort       port written into an http {@code APPROOT}
 * @param externalHttpsPort      port written into an https {@code APPROOT}
 * @param connectionTimeBound    longest request on one connection; empty means no limit (Keter's 0)
 * @param rotateLogs             true: logs under {@code log/}; false: everything to stderr
 * @param healthcheckPath        path answered 200 on any host ({@code healthcheck-path} or {@code app-crash-hook})
 * @param responseFiles          custom bodies for the proxy's own answers
 * @param globalReverseProxies   legacy global {@code reverse-proxy} stanzas, as written; served under a built-in app
 * @param apps                   berth's {@code apps:} block
 * @param accessLog              berth's {@code access-log} key: the proxy's access log, on and format
 * @param tls                    berth's {@code acme:} and {@code hsts:} keys
 */
public record AppSettings(
        List<ListenerSpec> listeners,
        Optional<String> setuid,
        Map<String, String> env,
        boolean ipFromHeader,
        int externalHttpPort,
        int externalHttpsPort,
        Optional<Duration> connectionTimeBound,
        boolean rotateLogs,
        Optional<String> healthcheckPath,
        ResponseFiles responseFiles,
        GlobalReverseProxies globalReverseProxies,
        AppPolicy apps,
        AccessLogSettings accessLog,
        TlsSettings tls) {

    public static final int DEFAULT_EXTERNAL_HTTP_PORT = 80;
    public static final int DEFAULT_EXTERNAL_HTTPS_PORT = 443;
    public static final Duration DEFAULT_CONNECTION_TIME_BOUND = Duration.ofMinutes(5);

    /** What an empty file gives: Keter's defaults and berth's. */
    public static final AppSettings DEFAULTS = new AppSettings(List.of(ListenerSpec.DEFAULT), Optional.empty(),
            Map.of(), false, DEFAULT_EXTERNAL_HTTP_PORT, DEFAULT_EXTERNAL_HTTPS_PORT,
            Optional.of(DEFAULT_CONNECTION_TIME_BOUND), true, Optional.empty(), ResponseFiles.BUILT_IN, GlobalReverseProxies.NONE,
            AppPolicy.DEFAULTS, AccessLogSettings.DEFAULT, TlsSettings.NONE);

    public AppSettings {
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("at least one listener is needed");
        }
        listeners = List.copyOf(listeners);
        env = Map.copyOf(env);
    }

    /** Without berth's HTTPS keys: no ACME account, no HSTS. */
    public AppSettings(List<ListenerSpec> listeners, Optional<String> setuid, Map<String, String> env,
                       boolean ipFromHeader, int externalHttpPort, int externalHttpsPort,
                       Optional<Duration> connectionTimeBound, boolean rotateLogs, Optional<String> healthcheckPath,
                       ResponseFiles responseFiles, GlobalReverseProxies globalReverseProxies, AppPolicy apps,
                       AccessLogSettings accessLog) {
        this(listeners, setuid, env, ipFromHeader, externalHttpPort, externalHttpsPort, connectionTimeBound,
                rotateLogs, healthcheckPath, responseFiles, globalReverseProxies, apps, accessLog, TlsSettings.NONE);
    }

    /**
     * Whether forwarding headers from this peer are believed. With {@code ip-from-header} and no
     * {@code trusted-proxies}, every peer is, as in Keter; a list narrows that to its members.
     */
    public boolean trustsForwardingFrom(InetAddress peer) {
        if (apps.trustedProxies().isEmpty()) {
            return ipFromHeader;
        }
        return isTrustedProxy(peer);
    }

    /**
     * Whether an address met in a forwarding chain is one of {@code trusted-proxies}, so that what it
     * reports is believed too and the client is looked for further left. Without a list none is: a
     * believed peer (Keter's {@code ip-from-header}) is then taken at its word for one hop only.
     */
    public boolean isTrustedProxy(InetAddress address) {
        return apps.trustedProxies().stream().anyMatch(block -> block.contains(address));
    }
}
