package org.berth.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Keter's custom bodies for the proxy's own answers (absolute paths, checked readable when read);
 * absent means berth's built-in page.
 *
 * @param unknownHost    {@code unknown-host-response-file}: no app serves the requested host (404)
 * @param missingHost    {@code missing-host-response-file}: the request has no Host header (502)
 * @param proxyException {@code proxy-exception-response-file}: the app could not be reached (502)
 */
public record ResponseFiles(Optional<Path> unknownHost, Optional<Path> missingHost, Optional<Path> proxyException) {
    public static final ResponseFiles BUILT_IN = new ResponseFiles(Optional.empty(), Optional.empty(), Optional.empty());
}
