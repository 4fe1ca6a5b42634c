package org.berth.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecipeResultTest {

    @Test
    void mapsExitStatusesLikeAlkane() {
        assertThat(RecipeResult.fromExitStatus(0)).isEqualTo(RecipeResult.SUCCESS);
        assertThat(RecipeResult.fromExitStatus(1)).isEqualTo(RecipeResult.WARNING);
        assertThat(RecipeResult.fromExitStatus(2)).isEqualTo(RecipeResult.ERROR);
        assertThat(RecipeResult.fromExitStatus(3)).isEqualTo(RecipeResult.UNKNOWN);
        assertThat(RecipeResult.fromExitStatus(7)).isEqualTo(RecipeResult.UNKNOWN);
        assertThat(RecipeResult.fromExitStatus(-1)).isEqualTo(RecipeResult.UNKNOWN);
    }

    @Test
    void alkaneNamesAndCliExitCodes() {
        assertThat(RecipeResult.SUCCESS.alkaneName()).isEqualTo("Success");
        assertThat(RecipeResult.WARNING.alkaneName()).isEqualTo("Warning");
        assertThat(RecipeResult.ERROR.alkaneName()).isEqualTo("Error");
        assertThat(RecipeResult.UNKNOWN.alkaneName()).isEqualTo("Unknown");
        assertThat(RecipeResult.SUCCESS.exitCode()).isZero();
        assertThat(RecipeResult.WARNING.exitCode()).isEqualTo(1);
        assertThat(RecipeResult.ERROR.exitCode()).isEqualTo(2);
        assertThat(RecipeResult.UNKNOWN.exitCode()).isEqualTo(3);
    }

    @Test
    void timedOutIsAnErrorForAlkaneCallers() {
        assertThat(RecipeResult.TIMED_OUT.alkaneName()).isEqualTo("Error");
        assertThat(RecipeResult.TIMED_OUT.exitCode()).isEqualTo(2);
        assertThat(RecipeResult.TIMED_OUT.label()).isEqualTo("TimedOut");
    }

    @Test
    void labelsRoundTrip() {
        for (RecipeResult result : RecipeResult.values()) {
            assertThat(RecipeResult.fromLabel(result.label())).isEqualTo(result);
        }
        assertThatThrownBy(() -> RecipeResult.fromLabel("Exploded"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown recipe result Exploded");
    }
}
