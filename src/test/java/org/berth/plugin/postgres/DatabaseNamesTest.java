package org.berth.plugin.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Role and database names: deterministic, plain, at most 63 bytes, different for different apps. */
class DatabaseNamesTest {
    @Test
    void aPlainNameKeepsItsShapeWithAHash() {
        assertThat(DatabaseNames.forApp("shop")).matches("berth_shop_[0-9a-f]{8}");
        assertThat(DatabaseNames.forApp("shop")).isEqualTo(DatabaseNames.forApp("shop"));
    }

    @Test
    void oddCharactersBecomeUnderscoresAndNamesThatWouldCollideDoNot() {
        String dotted = DatabaseNames.forApp("a.b");
        String dashed = DatabaseNames.forApp("a-b");
        assertThat(dotted).startsWith("berth_a_b_");
        assertThat(dashed).startsWith("berth_a_b_");
        assertThat(dotted).isNotEqualTo(dashed);
    }

    @Test
    void longNamesAreCutToPostgresLimitAndStayDistinct() {
        String base = "0-x.y_z-".repeat(7);
        Set<String> names = new HashSet<>();
        for (char last : "abcdefghij".toCharArray()) {
            String name = DatabaseNames.forApp(base + last);
            assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(DatabaseNames.MAX_BYTES);
            assertThat(name).matches("[a-z0-9_]+");
            names.add(name);
        }
        assertThat(names).hasSize(10);
    }
}
