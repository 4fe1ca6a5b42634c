package org.berth.proxy;

import com.google.common.html.HtmlEscapers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.berth.config.ResponseFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's own answers when no app can: a request without Host (502), a host no stanza
 * serves (404), an app that could not be reached (502). Each body comes from Keter's
 * {@code *-response-file} when configured — read once, when the proxy starts, and sent as it is,
 * as Keter does — or is a small built-in page. The built-in unknown-host page names the host,
 * HTML-escaped: it comes straight from the client.
 */
public final class ErrorPages {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);
    private static final String HTML = "text/html; charset=utf-8";

    private final Optional<ErrorPage> unknownHost;
    private final ErrorPage missingHost;
    private final ErrorPage backendFailure;

    private ErrorPages(Optional<ErrorPage> unknownHost, ErrorPage missingHost, ErrorPage backendFailure) {
        this.unknownHost = unknownHost;
        this.missingHost = missingHost;
        this.backendFailure = backendFailure;
    }

    /** berth's built-in pages only. */
    public static ErrorPages builtIn() {
        return load(ResponseFiles.BUILT_IN);
    }

    /**
     * Reads the configured files now. The configuration loader checked that they are readable;
     * one that has gone since is reported and replaced by the built-in page, so the proxy still
     * starts (Keter falls back the same way).
     */
    public static ErrorPages load(ResponseFiles files) {
        Optional<ErrorPage> unknown = files.unknownHost().flatMap(ErrorPages::read).map(body -> new ErrorPage(404, HTML, body));
        ErrorPage missing = new ErrorPage(502, HTML, files.missingHost().flatMap(ErrorPages::read)
                .orElseGet(() -> page("No host given",
                        "The request did not say which site it is for (it has no Host header).")));
        ErrorPage failure = new ErrorPage(502, HTML, files.proxyException().flatMap(ErrorPages::read)
                .orElseGet(() -> page("Bad gateway",
                        "The app serving this site could not be reached. Please try again in a moment.")));
        return new ErrorPages(unknown, missing, failure);
    }

    /** 502 for a request without a Host header. */
    public ErrorPage missingHost() {
        return missingHost;
    }

    /** 404 for a host no stanza serves; {@code host} is the Host header as received. */
    public ErrorPage unknownHost(String host) {
        return unknownHost.orElseGet(() -> new ErrorPage(404, HTML, page("Unknown host",
                "No site is served here for <code>" + HtmlEscapers.htmlEscaper().escape(host) + "</code>.")));
    }

    /** 502 when the app (or the reverse-proxy upstream) could not be reached or failed. */
    public ErrorPage backendFailure() {
        return backendFailure;
    }

    private static byte[] page(String title, String htmlMessage) {
        return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>"
                + "<body><h1>" + title + "</h1><p>" + htmlMessage + "</p></body></html>\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<byte[]> read(Path file) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            LOG.warn("cannot read response file {} ({}); using berth's built-in page", file, e.toString());
            return Optional.empty();
        }
    }
}
