package org.berth.app;

import java.util.Optional;

/**
 * The pending work of one app: at most one operation waits while another runs. A newer request
 * supersedes the waiting one (deploying v3 while v2 waits makes v2 pointless), and a removal
 * supersedes anything. The caller records superseded operations as such.
 */
final class OperationQueue {
    private Operation waiting;

    /** Queues {@code next}; returns the operation it replaced, if any. */
    synchronized Optional<Operation> offer(Operation next) {
        Operation replaced = waiting;
        waiting = next;
        return Optional.ofNullable(replaced);
    }

    synchronized Optional<Operation> poll() {
        Operation next = waiting;
        waiting = null;
        return Optional.ofNullable(next);
    }

    synchronized boolean isEmpty() {
        return waiting == null;
    }
}
