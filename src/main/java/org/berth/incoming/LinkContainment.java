package org.berth.incoming;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides whether a symbolic link's target stays inside the bundle, resolving it the way the
 * kernel will: segment by segment, following links already in the tree. Reading the target as
 * text is not enough: with {@code up -> ..} at the root's child {@code a}, the target
 * {@code a/up/..} looks harmless but leaves the bundle. A target that does not exist (yet) is
 * fine as long as its path stays inside.
 */
final class LinkContainment {
    /** The kernel's own limit (MAXSYMLINKS) on links followed in one lookup. */
    private static final int MAX_HOPS = 40;

    private final Path root;
    /** The link's own target, named in messages even when a link it passes through is to blame. */
    private final String shownTarget;
    private int hops;

    private LinkContainment(Path root, String target) {
        this.root = root;
        this.shownTarget = BundleRejectedException.shown(target);
    }

    /** Refuses a target that is absolute, leaves the bundle root, or loops. */
    static void check(Path root, EntryPath linkParent, String target) throws Refusal, IOException {
        if (target.isEmpty()) {
            throw new Refusal("symbolic link has an empty target");
        }
        new LinkContainment(root, target).walk(new ArrayDeque<>(linkParent.segments()), target);
    }

    private void walk(Deque<String> position, String target) throws Refusal, IOException {
        if (target.startsWith("/")) {
            throw new Refusal("symbolic link target " + shownTarget
                    + (hops == 0 ? " is an absolute path" : " passes through a link to an absolute path")
                    + "; links must point inside the bundle");
        }
        for (String segment : target.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (position.isEmpty()) {
                    throw new Refusal("symbolic link target " + shownTarget + " leads outside the bundle");
                }
                position.removeLast();
                continue;
            }
            position.addLast(segment);
            followIfLink(position);
        }
    }

    private void followIfLink(Deque<String> position) throws Refusal, IOException {
        Path here = new EntryPath(position.stream().toList()).under(root);
        if (!Files.isSymbolicLink(here)) {
            return;
        }
        if (++hops > MAX_HOPS) {
            throw new Refusal("symbolic links nest more than " + MAX_HOPS + " levels deep (a loop?)");
        }
        position.removeLast();
        walk(position, Files.readSymbolicLink(here).toString());
    }
}
