package org.berth.config;

import java.nio.file.Path;

/**
 * One thing wrong (or suspicious) in a configuration file, located precisely enough
 * for an operator to fix it without reading our source: file, line, key, and what we expected.
 */
public record ConfigProblem(Path file, int line, String key, String message) {

    /** Renders as {@code file:line: key 'a.b': message}, the format every config error uses. */
    public String render() {
        StringBuilder text = new StringBuilder();
        text.append(file == null ? "<config>" : file.toString());
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (key != null && !key.isEmpty()) {
            text.append("key '").append(key).append("': ");
        }
        return text.append(message).toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
