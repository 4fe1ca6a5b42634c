package org.berth.bundle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a {@code background} stanza: Keter's keys plus berth's {@code stop-timeout}. */
final class BackgroundReader {
    private static final String RESTARTS = "unlimited or a whole number of restarts from 0 to " + Integer.MAX_VALUE;

    private BackgroundReader() {
    }

    static Optional<ReadStanza> read(Fields fields, boolean requiresSecure, Path configDir) {
        int errors = fields.errorCount();
        Optional<ProcessSpec> process = ProcessSpec.read(fields, configDir);
        RestartCount restartCount = restartCount(fields);
        Duration restartDelay = KeterUnits.seconds(fields, "restart-delay-seconds")
                .orElse(BackgroundStanza.DEFAULT_RESTART_DELAY);
        Optional<Duration> stopTimeout = fields.duration("stop-timeout");
        if (fields.errorCount() > errors) {
            return Optional.empty();
        }
        if (requiresSecure) {
            fields.warning("requires-secure", "has no effect on a background stanza: it serves no hosts");
        }
        ProcessSpec spec = process.orElseThrow();
        return Optional.of(new ReadStanza(new BackgroundStanza(spec.exec(), spec.args(), spec.env(), spec.forwardEnv(),
                restartCount, restartDelay, stopTimeout, fields.line()), HostList.NONE));
    }

    private static RestartCount restartCount(Fields fields) {
        Optional<Node> value = fields.value("restart-count");
        if (value.isEmpty() || Nodes.text(value.get()).filter("unlimited"::equals).isPresent()) {
            return RestartCount.UNLIMITED;
        }
        return fields.integerOf(value.get(), fields.keyPath("restart-count"), 0, Integer.MAX_VALUE, RESTARTS)
                .map(times -> RestartCount.limited(times.intValue()))
                .orElse(RestartCount.UNLIMITED);
    }
}
