package org.berth.store;

import java.time.Instant;

/** A kept bundle of an app: its checksum, where the copy is ({@code bundle}, null once pruned), when it came. */
public record ReleaseRecord(long id, String app, String sha256, String bundle, long size, Instant createdAt) {
}
