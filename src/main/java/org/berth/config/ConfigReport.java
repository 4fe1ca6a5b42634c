package org.berth.config;

import java.util.ArrayList;
import java.util.List;

/** Collects errors and warnings while a file is read, so one run reports all of them at once. */
public final class ConfigReport {
    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    public void error(ConfigProblem problem) {
        errors.add(problem);
    }

    public void warning(ConfigProblem problem) {
        warnings.add(problem);
    }

    public List<ConfigProblem> errors() {
        return List.copyOf(errors);
    }

    public List<ConfigProblem> warnings() {
        return List.copyOf(warnings);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Throws when any error was recorded; warnings never stop a load. */
    public void throwIfErrors() throws ConfigException {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }
}
