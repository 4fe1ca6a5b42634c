package org.berth.bundle;

import java.util.List;

/**
 * One entry of a bundle's {@code stanzas:} list (or one part of a legacy config after conversion):
 * something berth runs, serves or redirects.
 */
public sealed interface Stanza
        permits WebAppStanza, StaticFilesStanza, RedirectStanza, ReverseProxyStanza, BackgroundStanza {

    /** The stanza's {@code type} as written in Keter's format, e.g. {@code static-files}. */
    String type();

    /** True when plain-HTTP requests get a 301 to the https URL ({@code requires-secure}). */
    boolean requiresSecure();

    /** The line the stanza starts on in the config file, for messages. */
    int line();

    /** Lower-cased host names this stanza serves; empty for a background stanza. */
    List<String> hosts();
}
