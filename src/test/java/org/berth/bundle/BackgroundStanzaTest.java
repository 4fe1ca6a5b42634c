package org.berth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.berth.bundle.Bundles.AT;
import static org.berth.bundle.Bundles.errors;
import static org.berth.bundle.Bundles.inBundle;
import static org.berth.bundle.Bundles.parse;
import static org.berth.bundle.Bundles.stanza;
import static org.berth.bundle.Bundles.warnings;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackgroundStanzaTest {

    @Test
    void defaultsAreUnlimitedRestartsFiveSecondsApart() throws Exception {
        BackgroundStanza back = stanza(parse("stanzas:\n  - {type: background, exec: ../worker}\n"), 0, BackgroundStanza.class);

        assertThat(back).isEqualTo(new BackgroundStanza(inBundle("worker"), List.of(), Map.of(), List.of(),
                RestartCount.UNLIMITED, Duration.ofSeconds(5), Optional.empty(), 2));
        assertThat(back.hosts()).isEmpty();
        assertThat(back.requiresSecure()).isFalse();
    }

    @Test
    void everyKey() throws Exception {
        BackgroundStanza back = stanza(parse("""
                stanzas:
                  - type: background
                    exec: ../worker
                    args: [--queue, mail]
                    env: {QUEUE: mail}
                    forward-env: [SMTP_PASSWORD]
                    restart-count: 3
                    restart-delay-seconds: 10
                    stop-timeout: 30s
                """), 0, BackgroundStanza.class);

        assertThat(back).isEqualTo(new BackgroundStanza(inBundle("worker"), List.of("--queue", "mail"), Map.of("QUEUE", "mail"),
                List.of("SMTP_PASSWORD"), RestartCount.limited(3), Duration.ofSeconds(10), Optional.of(Duration.ofSeconds(30)), 2));
    }

    @Test
    void unlimitedMayBeWrittenOut() throws Exception {
        assertThat(stanza(parse("stanzas:\n  - {type: background, exec: ../w, restart-count: unlimited}\n"), 0,
                BackgroundStanza.class).restartCount()).isEqualTo(RestartCount.UNLIMITED);
    }

    @Test
    void requiresSecureIsReadButHasNoEffect() throws Exception {
        assertThat(warnings("stanzas:\n  - type: background\n    exec: ../w\n    requires-secure: true\n")).containsExactly(
                AT + "4: key 'stanzas[0].requires-secure': has no effect on a background stanza: it serves no hosts");
    }

    @Test
    void mistakes() {
        assertThat(errors("""
                stanzas:
                  - type: background
                    exec: ../w
                    restart-count: -1
                    restart-delay-seconds: 5s
                    host: a.example.com
                """)).containsExactly(
                AT + "4: key 'stanzas[0].restart-count': expected unlimited or a whole number of restarts from 0 to"
                        + " 2147483647, found the number -1",
                AT + "5: key 'stanzas[0].restart-delay-seconds': expected a whole number of seconds, 0 or more, found \"5s\"");
    }

    @Test
    void hostsAreUnknownKeysHere() throws Exception {
        assertThat(warnings("stanzas:\n  - type: background\n    exec: ../w\n    host: a\n")).containsExactly(
                AT + "4: key 'stanzas[0].host': unknown key for a background stanza, ignored");
    }
}
