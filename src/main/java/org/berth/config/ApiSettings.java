package org.berth.config;

import java.util.List;

/** The HTTP API listener and who may call it. */
public record ApiSettings(
        String address,
        int port,
        String mountPoint,
        boolean trustLoopback,
        long bodyLimit,
        List<ApiToken> tokens,
        List<WebhookSecret> webhooks) {

    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 10206;
    public static final long DEFAULT_BODY_LIMIT = 1024 * 1024;

    public ApiSettings {
        tokens = List.copyOf(tokens);
        webhooks = List.copyOf(webhooks);
    }

    public ApiSettings withListener(String newAddress, int newPort, String newMountPoint) {
        return new ApiSettings(newAddress, newPort, newMountPoint, trustLoopback, bodyLimit, tokens, webhooks);
    }
}
