package org.berth.bundle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A host named by several stanzas of one bundle is not an error in Keter: the earliest stanza
 * keeps it and the later ones silently lose it. berth keeps the same rule and says so.
 */
final class HostShadowing {
    private HostShadowing() {
    }

    static void warn(List<ReadStanza> stanzas, Fields top) {
        Map<String, Stanza> owners = new HashMap<>();
        for (ReadStanza read : stanzas) {
            for (String host : read.stanza().hosts()) {
                Stanza owner = owners.putIfAbsent(host, read.stanza());
                if (owner != null && owner != read.stanza()) {
                    top.warning(read.hosts().line(), read.hosts().key(), "host '" + host + "' is already served by the "
                            + owner.type() + " stanza at line " + owner.line() + ", which keeps it (as in Keter)");
                }
            }
        }
    }
}
