package org.berth.incoming;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An archive entry's name, checked and reduced to plain segments below the bundle root: no
 * absolute path, no "..", no empty or "." segments (so "./config/keter.yaml", as
 * {@code tar -C dir .} writes it, is just config/keter.yaml). An empty segment list is the
 * bundle root itself.
 */
record EntryPath(List<String> segments) {
    /** Linux refuses longer names; saying so here beats an obscure disk error later. */
    private static final int MAX_SEGMENT_BYTES = 255;
    private static final int MAX_PATH_BYTES = 4000;

    EntryPath {
        segments = List.copyOf(segments);
    }

    /** Checks a name as the archive spells it (what {@code kind} says it is used for goes into the message). */
    static EntryPath parse(String raw, String kind) throws Refusal {
        if (raw.isEmpty()) {
            throw new Refusal(kind + " is empty");
        }
        if (raw.startsWith("/")) {
            throw new Refusal(kind + " is an absolute path; bundle paths must be relative to the bundle root");
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new Refusal(kind + " is longer than " + MAX_PATH_BYTES + " bytes");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/")) {
            if (segment.equals("..")) {
                throw new Refusal(kind + " contains a '..' segment; bundle paths must stay inside the bundle");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw new Refusal(kind + " has a path segment longer than " + MAX_SEGMENT_BYTES + " bytes");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return new EntryPath(segments);
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    /** The folders this entry lies in, outermost first. */
    EntryPath parent() {
        return new EntryPath(segments.subList(0, Math.max(0, segments.size() - 1)));
    }

    Path under(Path root) {
        Path path = root;
        for (String segment : segments) {
            path = path.resolve(segment);
        }
        return path;
    }

    @Override
    public String toString() {
        return String.join("/", segments);
    }
}
