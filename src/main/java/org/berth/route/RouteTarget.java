package org.berth.route;

import java.nio.file.Path;

/** What answers a host: a local process, a folder of files, a redirect, or another server. */
public sealed interface RouteTarget {

    /** A webapp process of a release, listening on loopback. */
    record Backend(String address, int port) implements RouteTarget {
    }

    /** A static-files stanza. */
    record StaticFiles(Path root, boolean directoryListing) implements RouteTarget {
    }

    /**
     * Anything the proxy serves from the stanza itself (redirect, reverse-proxy): the stanza
     * object is kept as it is so the proxy reads its settings directly.
     */
    record FromStanza(Object stanza) implements RouteTarget {
    }
}
