package org.berth.proxy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The file actually sent for a request: the file itself, or a precompressed sibling the client
 * accepts ({@link StaticEncodings}).
 *
 * @param file           the real path and attributes of what is sent
 * @param encoding       the content coding of a sibling; empty for the file itself
 * @param siblingsExist  whether any usable sibling exists, accepted or not: the answer then
 *                       depends on Accept-Encoding and says so with {@code Vary}
 */
record StaticFileVariant(StaticRoot.Found file, Optional<String> encoding, boolean siblingsExist) {

    /**
     * The variant of {@code requested} to send. A sibling counts only when it is a regular file
     * whose real path lies inside the root, like any file served; it is looked for next to the
     * name requested, not next to a link's target.
     *
     * @param original the requested file's real path and attributes (it exists: a sibling never
     *                 stands in for a missing original)
     */
    static StaticFileVariant choose(StaticRoot root, Path requested, StaticRoot.Found original,
                                    String acceptEncoding) {
        String name = requested.getFileName().toString();
        StaticRoot.Found best = null;
        String bestCoding = null;
        double bestQuality = 0;
        boolean anySibling = false;
        for (StaticEncodings.Coding coding : StaticEncodings.CODINGS) {
            Optional<StaticRoot.Found> sibling = root.findSibling(requested.resolveSibling(name + coding.suffix()));
            if (sibling.isEmpty()) {
                continue;
            }
            anySibling = true;
            double quality = StaticEncodings.quality(acceptEncoding, coding.name());
            // Strictly greater: on a tie the coding listed first (brotli) stays.
            if (quality > bestQuality) {
                best = sibling.get();
                bestCoding = coding.name();
                bestQuality = quality;
            }
        }
        return best == null
                ? new StaticFileVariant(original, Optional.empty(), anySibling)
                : new StaticFileVariant(best, Optional.of(bestCoding), true);
    }
}
