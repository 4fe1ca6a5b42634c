package org.berth.cli;

import java.net.URI;
import java.util.Optional;
import org.berth.config.ApiSettings;
import org.berth.config.BerthConfig;
import org.berth.config.ConfigException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How app commands find the server: {@code --server}/{@code --token}, else the local config. */
final class ServerOptions {
    @Mixin
    GlobalOptions global;

    @Option(names = "--server", paramLabel = "URL",
            description = "berth server to talk to (default: the api: listener of the local config, or http://127.0.0.1:10206).")
    URI server;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token for a remote server (default: $BERTH_TOKEN).")
    String token;

    ApiClient client() {
        return new ApiClient(server != null ? server : localServer(), Optional.ofNullable(token)
                .or(() -> Optional.ofNullable(System.getenv("BERTH_TOKEN"))).filter(value -> !value.isBlank()));
    }

    /** The local server's URL from the config; the default listener when there is no config. */
    URI localServer() {
        ApiSettings api;
        try {
            api = global.loadConfig().api();
        } catch (ConfigException e) {
            return URI.create("http://127.0.0.1:" + ApiSettings.DEFAULT_PORT);
        }
        String host = api.address().equals("0.0.0.0") || api.address().equals("::") ? "127.0.0.1" : api.address();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + api.port() + api.mountPoint().replaceAll("/$", ""));
    }

    Optional<BerthConfig> config() {
        try {
            return Optional.of(global.loadConfig());
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }
}
