package org.berth.site;

/** What started a run; recorded with it and passed to the recipe as BERTH_TRIGGER. */
public enum Trigger {
    CLI, HTTP, WEBHOOK;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
