package org.berth.bundle;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The keys webapp and background stanzas share: what to run and with which environment. */
record ProcessSpec(Path exec, List<String> args, Map<String, String> env, List<String> forwardEnv) {

    static Optional<ProcessSpec> read(Fields fields, Path configDir) {
        Optional<Path> exec = BundlePaths.read(fields, "exec", configDir, "the path of the program to run");
        List<String> args = fields.textList("args").orElse(List.of());
        Map<String, String> env = EnvReader.read(fields);
        // Keter keeps forward-env as a set: a name listed twice is forwarded once.
        List<String> forwardEnv = fields.textList("forward-env").orElse(List.of()).stream().distinct().toList();
        return exec.map(path -> new ProcessSpec(path, args, env, forwardEnv));
    }
}
