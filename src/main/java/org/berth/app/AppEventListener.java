package org.berth.app;

import org.slf4j.LoggerFactory;

/** Hears {@link AppEvent}s. Called on the app's worker thread: it must return quickly and not block. */
@FunctionalInterface
public interface AppEventListener {
    AppEventListener NONE = event -> { };

    void appEvent(AppEvent event);

    /** Both listeners; a failing one is logged and does not keep the other, or the deploy, from going on. */
    default AppEventListener and(AppEventListener next) {
        AppEventListener first = this;
        return event -> {
            deliver(first, event);
            deliver(next, event);
        };
    }

    private static void deliver(AppEventListener listener, AppEvent event) {
        try {
            listener.appEvent(event);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(AppEventListener.class).warn("app {}: a listener failed on {}: {}", event.app(),
                    event.type().label(), e.toString());
        }
    }
}
