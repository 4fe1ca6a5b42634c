package org.berth.proxy;

import java.util.Locale;
import java.util.Map;

/**
 * Content types of static files, from the file name's extension (case-insensitive). A small
 * built-in table of the types a web site serves, so that the answer does not depend on the
 * host's {@code /etc/mime.types} or on content sniffing. Textual types carry
 * {@code charset=utf-8}: a static site is UTF-8 nearly always, and a browser that guesses
 * Latin-1 instead garbles it.
 */
final class StaticContentTypes {
    static final String DEFAULT = "application/octet-stream";
    private static final String UTF8 = "; charset=utf-8";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            // documents and code
            Map.entry("html", "text/html" + UTF8),
            Map.entry("htm", "text/html" + UTF8),
            Map.entry("css", "text/css" + UTF8),
            Map.entry("js", "text/javascript" + UTF8),
            Map.entry("mjs", "text/javascript" + UTF8),
            Map.entry("cjs", "text/javascript" + UTF8),
            Map.entry("txt", "text/plain" + UTF8),
            Map.entry("md", "text/markdown" + UTF8),
            Map.entry("csv", "text/csv" + UTF8),
            Map.entry("ics", "text/calendar" + UTF8),
            Map.entry("json", "application/json" + UTF8),
            Map.entry("map", "application/json" + UTF8),
            Map.entry("jsonld", "application/ld+json" + UTF8),
            Map.entry("webmanifest", "application/manifest+json" + UTF8),
            Map.entry("xml", "application/xml" + UTF8),
            Map.entry("rss", "application/rss+xml" + UTF8),
            Map.entry("atom", "application/atom+xml" + UTF8),
            Map.entry("svg", "image/svg+xml" + UTF8),
            Map.entry("pdf", "application/pdf"),
            Map.entry("wasm", "application/wasm"),
            // images
            Map.entry("png", "image/png"),
            Map.entry("apng", "image/apng"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("bmp", "image/bmp"),
            // fonts
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            // audio and video
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("ogv", "video/ogg"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("oga", "audio/ogg"),
            Map.entry("opus", "audio/ogg"),
            Map.entry("wav", "audio/wav"),
            Map.entry("flac", "audio/flac"),
            Map.entry("m4a", "audio/mp4"),
            // archives
            Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"),
            Map.entry("tar", "application/x-tar"));

    private StaticContentTypes() {
    }

    /** The type of a file named {@code fileName}; {@value #DEFAULT} for an unknown or missing extension. */
    static String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return DEFAULT;
        }
        return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
    }
}
