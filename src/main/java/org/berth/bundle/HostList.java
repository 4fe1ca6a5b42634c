package org.berth.bundle;

import java.util.List;

/**
 * The hosts of one stanza with where they were written, so a host shadowed by an earlier stanza
 * can be reported at the right key and line.
 */
record HostList(List<String> hosts, String key, int line) {
    static final HostList NONE = new HostList(List.of(), null, 0);

    HostList {
        hosts = List.copyOf(hosts);
    }
}
