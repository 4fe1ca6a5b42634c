package org.berth.site;

import java.util.OptionalInt;

/** How one command ended: Alkane's result, and the exit status when the process exited by itself. */
public record RecipeOutcome(RecipeResult result, OptionalInt exitStatus) {
}
