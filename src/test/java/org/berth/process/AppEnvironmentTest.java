package org.berth.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AppEnvironmentTest {
    private final List<String> warnings = new ArrayList<>();

    @Test
    void followsKetersPrecedenceHighestFirst() {
        Map<String, String> environment = AppEnvironment.build(
                Map.of("A", "stanza"),
                List.of("A", "B"),
                Map.of("A", "forwarded", "B", "forwarded", "HOME", "/root"),
                Map.of("A", "plugin", "B", "plugin", "C", "plugin"),
                Map.of("A", "global", "B", "global", "C", "global", "D", "global", "APPROOT", "global"),
                OptionalInt.of(43124), List.of(), Optional.of("https://shop.example.com"), warnings);

        assertThat(environment).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "stanza", "B", "forwarded", "C", "plugin", "D", "global",
                "APPROOT", "global", "PORT", "43124", "PATH", AppEnvironment.DEFAULT_PATH));
        assertThat(warnings).isEmpty();
    }

    @Test
    void nothingElseIsInheritedButAPathIsProvidedAndMayBeReplaced() {
        Map<String, String> daemon = Map.of("HOME", "/root", "PATH", "/opt/berth/bin", "SECRET", "x");
        Map<String, String> plain = AppEnvironment.build(Map.of(), List.of(), daemon, Map.of(), Map.of(),
                OptionalInt.empty(), List.of(), Optional.empty(), warnings);
        assertThat(plain).containsExactly(Map.entry("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));

        Map<String, String> ownPath = AppEnvironment.build(Map.of(), List.of(), daemon, Map.of(),
                Map.of("PATH", "/opt/bin:/usr/bin"), OptionalInt.empty(), List.of(), Optional.empty(), warnings);
        assertThat(ownPath).containsEntry("PATH", "/opt/bin:/usr/bin");

        Map<String, String> forwardedPath = AppEnvironment.build(Map.of(), List.of("PATH"), daemon, Map.of(),
                Map.of(), OptionalInt.empty(), List.of(), Optional.empty(), warnings);
        assertThat(forwardedPath).containsEntry("PATH", "/opt/berth/bin");
        assertThat(warnings).isEmpty();
    }

    @Test
    void theAssignedPortGoesIntoPortAndEveryPortEnvVar() {
        Map<String, String> environment = AppEnvironment.build(Map.of(), List.of(), Map.of(), Map.of(), Map.of(),
                OptionalInt.of(43200), List.of("HTTP_PORT", "YESOD_PORT"), Optional.of("http://a.example"), warnings);
        assertThat(environment).containsEntry("PORT", "43200").containsEntry("HTTP_PORT", "43200")
                .containsEntry("YESOD_PORT", "43200").containsEntry("APPROOT", "http://a.example");
        assertThat(warnings).isEmpty();
    }

    @Test
    void noSourceMayMoveThePortAndEachAttemptIsReported() {
        Map<String, String> environment = AppEnvironment.build(
                Map.of("PORT", "8080", "APPROOT", "http://mine"),
                List.of("HTTP_PORT"), Map.of("HTTP_PORT", "9000"),
                Map.of(), Map.of("PORT", "43124"),
                OptionalInt.of(43124), List.of("HTTP_PORT"), Optional.of("http://a.example"), warnings);
        assertThat(environment).containsEntry("PORT", "43124").containsEntry("HTTP_PORT", "43124")
                .containsEntry("APPROOT", "http://mine");
        assertThat(warnings).containsExactly(
                "PORT=8080 from the stanza's env is ignored: berth sets PORT to the port it assigned, 43124",
                "HTTP_PORT=9000 from forward-env is ignored: berth sets HTTP_PORT to the port it assigned, 43124");
    }

    @Test
    void withoutAPortTheAppMaySetPortItself() {
        Map<String, String> environment = AppEnvironment.build(Map.of("PORT", "8080"), List.of(), Map.of(), Map.of(),
                Map.of(), OptionalInt.empty(), List.of("HTTP_PORT"), Optional.empty(), warnings);
        assertThat(environment).containsEntry("PORT", "8080").doesNotContainKey("HTTP_PORT").doesNotContainKey("APPROOT");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aForwardedVariableBerthDoesNotHaveIsReported() {
        Map<String, String> environment = AppEnvironment.build(Map.of(), List.of("AWS_REGION"), Map.of(), Map.of(),
                Map.of(), OptionalInt.empty(), List.of(), Optional.empty(), warnings);
        assertThat(environment).doesNotContainKey("AWS_REGION");
        assertThat(warnings).singleElement().asString().contains("AWS_REGION", "not set in berth's environment");
    }
}
