package org.berth.site;

import java.util.OptionalInt;

/** How a site action ended, as returned to the CLI and the API. */
public record RunResult(long runId, String action, RecipeResult result, OptionalInt exitStatus) {
}
