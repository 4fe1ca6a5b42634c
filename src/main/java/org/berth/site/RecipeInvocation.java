package org.berth.site;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Everything needed to run one command for a site: what, where, with which variables, for how long. */
public record RecipeInvocation(List<String> command, Path workingDirectory, Map<String, String> environment,
                               Duration timeout) {
    public RecipeInvocation {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
