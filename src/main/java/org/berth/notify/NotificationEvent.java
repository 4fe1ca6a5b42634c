package org.berth.notify;

import io.vertx.core.json.JsonObject;
import org.berth.app.AppEvent;

/** The JSON a webhook receives for an {@link AppEvent}. */
final class NotificationEvent {
    private NotificationEvent() {
    }

    static JsonObject json(AppEvent event) {
        JsonObject json = new JsonObject()
                .put("type", event.type().label())
                .put("app", event.app())
                .put("release", event.release() == 0 ? null : event.release())
                .put("trigger", event.trigger())
                .put("time", event.time().toString())
                .put("message", event.message());
        event.duration().ifPresent(took -> json.put("duration_ms", took.toMillis()));
        return json;
    }
}
