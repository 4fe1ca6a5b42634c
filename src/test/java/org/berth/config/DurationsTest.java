package org.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void parsesSingleUnits() {
        assertThat(Durations.parse("10m")).contains(Duration.ofMinutes(10));
        assertThat(Durations.parse("90s")).contains(Duration.ofSeconds(90));
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("2h")).contains(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).contains(Duration.ofDays(1));
        assertThat(Durations.parse("0s")).contains(Duration.ZERO);
    }

    @Test
    void parsesCombinations() {
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("1m30s")).contains(Duration.ofSeconds(90));
        assertThat(Durations.parse("1s500ms")).contains(Duration.ofMillis(1500));
        assertThat(Durations.parse(" 5m ")).contains(Duration.ofMinutes(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "10", "m", "10 m", "1.5h", "-5s", "5sec", "1h 30m", "10mx", "x10m", "ms"})
    void refusesTextWithoutAValidUnit(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @Test
    void formatsBackIntoTheConfigSyntax() {
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void formatAndParseRoundTrip() {
        for (Duration duration : new Duration[] {Duration.ofMillis(250), Duration.ofSeconds(45), Duration.ofMinutes(90),
                Duration.ofHours(36)}) {
            assertThat(Durations.parse(Durations.format(duration))).contains(duration);
        }
    }

    @Test
    void hugeNumbersAreRefusedNotThrown() {
        assertThatCode(() -> assertThat(Durations.parse("99999999999999999999s")).isEmpty()).doesNotThrowAnyException();
        assertThatCode(() -> assertThat(Durations.parse("9223372036854775807d")).isEmpty()).doesNotThrowAnyException();
    }
}
