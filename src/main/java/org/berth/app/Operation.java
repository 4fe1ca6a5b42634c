package org.berth.app;

import java.nio.file.Path;
import java.util.OptionalInt;

/** A request to change an app; the app's worker runs them one at a time. */
public sealed interface Operation {
    /** Who asked, for the history: incoming, cli, api, rollback, restore. */
    String trigger();

    String caller();

    /** Put a new bundle in service (from incoming/ or an upload). */
    record Deploy(Path bundle, String trigger, String caller) implements Operation {
    }

    /** Put an earlier release back in service, through the same zero-downtime path. */
    record Rollback(long releaseId, String trigger, String caller) implements Operation {
    }

    /** Fresh processes for the current release (all, zero-downtime), or one stanza's process in place. */
    record Restart(OptionalInt stanza, String trigger, String caller) implements Operation {
    }

    /** Take the app out of service: hosts first, then processes, then its folder. */
    record Remove(String trigger, String caller) implements Operation {
    }
}
