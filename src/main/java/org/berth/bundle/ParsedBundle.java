package org.berth.bundle;

import java.util.List;

/** What a format reader produced, before host shadowing is checked and warnings are attached. */
record ParsedBundle(List<ReadStanza> stanzas, Plugins plugins) {
}
