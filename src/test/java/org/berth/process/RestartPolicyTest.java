package org.berth.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private static final Duration QUICK = Duration.ofMillis(100);
    private static final Duration LONG = Duration.ofMinutes(5);

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    private static RestartDecision.Restart restart(RestartDecision decision) {
        assertThat(decision).isInstanceOf(RestartDecision.Restart.class);
        return (RestartDecision.Restart) decision;
    }

    @Test
    void theDefaultBackoffDoublesFromOneSecondUpToAMinute() {
        RestartTracker tracker = new RestartTracker(RestartPolicy.Backoff.DEFAULT);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(restart(tracker.onExit(QUICK)).delay().toSeconds());
        }
        assertThat(delays).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThat(tracker.restarts()).isEqualTo(9);
        assertThat(RestartPolicy.Backoff.DEFAULT.stableAfter()).isEqualTo(seconds(60));
    }

    @Test
    void theDelayNeverOverflowsPastTheCap() {
        RestartPolicy.Backoff backoff = new RestartPolicy.Backoff(Duration.ofMillis(1), seconds(30), 10, seconds(60));
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(1));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delayAfter(1_000_000)).isEqualTo(seconds(30));
        assertThat(new RestartPolicy.Backoff(seconds(2), seconds(2), 1, seconds(1)).delayAfter(50)).isEqualTo(seconds(2));
    }

    @Test
    void aStableRunResetsTheBackoff() {
        RestartTracker tracker = new RestartTracker(RestartPolicy.Backoff.DEFAULT);
        tracker.onExit(QUICK);
        tracker.onExit(QUICK);
        assertThat(restart(tracker.onExit(QUICK)).delay()).isEqualTo(seconds(4));
        // A run that lasted stableAfter ends like a first exit.
        assertThat(restart(tracker.onExit(seconds(60))).delay()).isEqualTo(seconds(1));
        assertThat(restart(tracker.onExit(QUICK)).delay()).isEqualTo(seconds(2));
        // So does one declared stable while it was still running.
        tracker.onStable();
        assertThat(restart(tracker.onExit(QUICK)).delay()).isEqualTo(seconds(1));
    }

    @Test
    void threeQuickExitsInARowAreACrashLoopUntilARunIsStable() {
        RestartTracker tracker = new RestartTracker(RestartPolicy.Backoff.DEFAULT);
        assertThat(restart(tracker.onExit(QUICK)).crashLooping()).isFalse();
        assertThat(restart(tracker.onExit(seconds(59))).crashLooping()).isFalse();
        assertThat(tracker.crashLooping()).isFalse();
        assertThat(restart(tracker.onExit(QUICK)).crashLooping()).isTrue();
        assertThat(tracker.crashLooping()).isTrue();
        assertThat(restart(tracker.onExit(QUICK)).crashLooping()).isTrue();

        tracker.onStable();
        assertThat(tracker.crashLooping()).isFalse();
        tracker.onExit(QUICK);
        tracker.onExit(QUICK);
        assertThat(tracker.crashLooping()).isFalse();
        assertThat(restart(tracker.onExit(LONG)).crashLooping()).as("a long run breaks the series").isFalse();
        tracker.onExit(QUICK);
        tracker.onExit(QUICK);
        assertThat(tracker.crashLooping()).isFalse();
        tracker.onExit(QUICK);
        assertThat(tracker.crashLooping()).isTrue();
    }

    @Test
    void limitedRestartsAFixedNumberOfTimesWithAFlatDelayThenGivesUp() {
        RestartTracker tracker = new RestartTracker(RestartPolicy.Limited.times(2, seconds(5)));
        RestartDecision.Restart first = restart(tracker.onExit(QUICK));
        assertThat(first.delay()).isEqualTo(seconds(5));
        assertThat(first.restart()).isEqualTo(1);
        // Keter's count is for the process's whole life: a long run does not earn more restarts.
        RestartDecision.Restart second = restart(tracker.onExit(LONG));
        assertThat(second.delay()).isEqualTo(seconds(5));
        assertThat(second.restart()).isEqualTo(2);
        assertThat(tracker.onExit(QUICK)).isEqualTo(new RestartDecision.GiveUp(2));
        assertThat(tracker.restarts()).isEqualTo(2);
    }

    @Test
    void limitedToZeroNeverRestarts() {
        RestartTracker tracker = new RestartTracker(RestartPolicy.Limited.times(0, seconds(5)));
        assertThat(tracker.onExit(LONG)).isEqualTo(new RestartDecision.GiveUp(0));
    }

    @Test
    void unlimitedRestartsForeverAndStillSeesCrashLoops() {
        RestartTracker tracker = new RestartTracker(RestartPolicy.Limited.unlimited(RestartPolicy.Limited.KETER_RESTART_DELAY));
        for (int i = 0; i < 1000; i++) {
            assertThat(restart(tracker.onExit(QUICK)).delay()).isEqualTo(seconds(5));
        }
        assertThat(tracker.crashLooping()).isTrue();
        assertThat(tracker.policy().stableAfter()).isEqualTo(RestartPolicy.DEFAULT_STABLE_AFTER);
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new RestartPolicy.Backoff(seconds(2), seconds(1), 2, seconds(60)))
                .hasMessageContaining("initial");
        assertThatThrownBy(() -> new RestartPolicy.Backoff(seconds(1), seconds(2), 0.5, seconds(60)))
                .hasMessageContaining("factor");
        assertThatThrownBy(() -> new RestartPolicy.Backoff(seconds(1), seconds(2), Double.NaN, seconds(60)))
                .hasMessageContaining("factor");
        assertThatThrownBy(() -> new RestartPolicy.Backoff(seconds(1), seconds(2), 2, Duration.ZERO))
                .hasMessageContaining("stableAfter");
        assertThatThrownBy(() -> new RestartPolicy.Limited(OptionalInt.of(-1), seconds(5)))
                .hasMessageContaining("restart-count");
        assertThatThrownBy(() -> RestartPolicy.Limited.times(1, seconds(-1)))
                .hasMessageContaining("restart-delay-seconds");
    }
}
