package org.berth.app;

import java.nio.file.Path;
import java.util.OptionalInt;

/** A request to change an app; the app's worker runs them one at a time. */
public sealed interface Operation {
    /** The id {@link AppManager#submit} gave it, so its caller can follow it. */
    long id();

    /** Who asked, for the history: incoming, cli, api, rollback, restore. */
    String trigger();

    String caller();

    /** Put a new bundle in service (from incoming/ or an upload). */
    record Deploy(long id, Path bundle, String trigger, String caller) implements Operation {
        public Deploy(Path bundle, String trigger, String caller) {
            this(0, bundle, trigger, caller);
        }
    }

    /** Put an earlier release back in service, through the same zero-downtime path. */
    record Rollback(long id, long releaseId, String trigger, String caller) implements Operation {
        public Rollback(long releaseId, String trigger, String caller) {
            this(0, releaseId, trigger, caller);
        }
    }

    /** Fresh processes for the current release (all, zero-downtime), or one stanza's process in place. */
    record Restart(long id, OptionalInt stanza, String trigger, String caller) implements Operation {
        public Restart(OptionalInt stanza, String trigger, String caller) {
            this(0, stanza, trigger, caller);
        }
    }

    /**
     * Take the app out of service: hosts first, then processes, then its folder. Its PostgreSQL database
     * is kept (a later deploy finds it again) unless {@code dropDatabase}.
     */
    record Remove(long id, String trigger, String caller, boolean dropDatabase) implements Operation {
        public Remove(String trigger, String caller) {
            this(0, trigger, caller, false);
        }

        public Remove(String trigger, String caller, boolean dropDatabase) {
            this(0, trigger, caller, dropDatabase);
        }
    }

    /** The same operation with its id set. */
    default Operation withId(long newId) {
        return switch (this) {
            case Deploy deploy -> new Deploy(newId, deploy.bundle(), deploy.trigger(), deploy.caller());
            case Rollback rollback -> new Rollback(newId, rollback.releaseId(), rollback.trigger(), rollback.caller());
            case Restart restart -> new Restart(newId, restart.stanza(), restart.trigger(), restart.caller());
            case Remove remove -> new Remove(newId, remove.trigger(), remove.caller(), remove.dropDatabase());
        };
    }
}
