package org.berth.app;

/**
 * Where an app is, as operators see it. {@code SERVING} is the steady state; a reload keeps the
 * old release serving while the new one starts ({@code RELOADING}), so traffic never stops.
 *
 * <pre>
 *   NEW → STARTING → SERVING ⇄ RELOADING
 *            │          │  ↘ CRASH_LOOPING (a process keeps exiting; back to SERVING once stable)
 *            ↓          ↓
 *         FAILED     STOPPING → STOPPED
 * </pre>
 * {@code FAILED}: the first release never became ready (nothing serves). A failed reload goes
 * back to {@code SERVING} on the old release, with the failure recorded.
 */
public enum AppState {
    NEW, STARTING, SERVING, RELOADING, CRASH_LOOPING, FAILED, STOPPING, STOPPED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
