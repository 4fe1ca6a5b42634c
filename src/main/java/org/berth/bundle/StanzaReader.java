package org.berth.bundle;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one entry of {@code stanzas:}. Keter refuses the whole bundle for an unknown {@code type}
 * and reads {@code requires-secure} on every type; keys a type does not know are ignored by
 * Keter and reported as warnings by berth.
 */
final class StanzaReader {
    static final String TYPES = "webapp, static-files, redirect, reverse-proxy or background";
    private static final Set<String> KNOWN = Set.of("webapp", "static-files", "redirect", "reverse-proxy", "background");

    private StanzaReader() {
    }

    static Optional<ReadStanza> read(Fields stanza, Path configDir) {
        Optional<String> type = stanza.requiredText("type", "the stanza type: " + TYPES);
        boolean requiresSecure = stanza.bool("requires-secure").orElse(false);
        // Yesod's `yesod keter` collects extraFiles from anywhere in the file; it is not Keter's key.
        stanza.markRead("extraFiles");
        if (type.isEmpty()) {
            return Optional.empty();
        }
        Optional<ReadStanza> result = switch (type.get()) {
            case "webapp" -> WebAppReader.read(stanza, requiresSecure, configDir);
            case "static-files" -> StaticFilesReader.read(stanza, requiresSecure, configDir);
            case "redirect" -> RedirectReader.read(stanza, requiresSecure, configDir);
            case "reverse-proxy" -> ReverseProxyReader.read(stanza, requiresSecure, configDir);
            case "background" -> BackgroundReader.read(stanza, requiresSecure, configDir);
            default -> {
                stanza.error("type", "unknown stanza type \"" + type.get() + "\"; expected " + TYPES
                        + " (Keter refuses the bundle too)");
                yield Optional.empty();
            }
        };
        if (KNOWN.contains(type.get())) {
            stanza.warnUnread("for a " + type.get() + " stanza");
        }
        return result;
    }
}
