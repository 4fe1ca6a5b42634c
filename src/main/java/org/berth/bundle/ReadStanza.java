package org.berth.bundle;

/** A parsed stanza and where its hosts were written, kept until host shadowing has been checked. */
record ReadStanza(Stanza stanza, HostList hosts) {
}
