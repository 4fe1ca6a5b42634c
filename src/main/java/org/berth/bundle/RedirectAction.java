package org.berth.bundle;

import java.util.Optional;

/**
 * One redirect rule.
 *
 * @param path the exact request path this rule answers; empty = every path
 */
public record RedirectAction(Optional<String> path, RedirectTarget target) {
}
