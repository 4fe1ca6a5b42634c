package org.berth.store;

/** What berth remembers of an app across restarts: the release it serves and the incoming bundle that led to it. */
public record AppRecord(String name, Long currentRelease, String incomingSha256) {
}
