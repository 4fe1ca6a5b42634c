package org.berth.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Something that happened to an app that people outside berth care about: a deploy started or
 * ended, a rollback took effect, a process began crash-looping. Heard by metrics and notifications
 * through {@link AppEventListener}; the lifecycle itself never depends on who listens.
 *
 * @param release  the release concerned, 0 when none (a crash-loop before any release served)
 * @param trigger  what asked for it: incoming, api, rollback, restore …
 * @param duration for the end of a deploy: how long it took
 */
public record AppEvent(Type type, String app, long release, String trigger, Instant time, String message,
                       Optional<Duration> duration) {

    public enum Type {
        DEPLOY_STARTED, DEPLOY_SUCCEEDED, DEPLOY_FAILED, ROLLBACK, CRASH_LOOP;

        /** The name in JSON and in config: {@code deploy-started}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
