package org.berth.incoming;

/**
 * A rule the archive broke, raised by the helpers that see one entry or one stream at a time;
 * the unpacker adds the bundle name and turns it into a {@link BundleRejectedException}.
 */
final class Refusal extends Exception {
    private final String entry;

    Refusal(String reason) {
        this(reason, null);
    }

    private Refusal(String reason, String entry) {
        super(reason, null, false, false);
        this.entry = entry;
    }

    String reason() {
        return getMessage();
    }

    /** The entry to blame, or null when the archive as a whole is. */
    String entry() {
        return entry;
    }

    /** This refusal blamed on an entry, unless a more specific one is already named. */
    Refusal about(String entryName) {
        return entry != null ? this : new Refusal(reason(), entryName);
    }
}
