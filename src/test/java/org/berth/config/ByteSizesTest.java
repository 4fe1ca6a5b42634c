package org.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
            "0,        0",
            "2048,     2048",
            "100b,     100",
            "100B,     100",
            "1k,       1024",
            "1KB,      1024",
            "512KiB,   524288",
            "1MiB,     1048576",
            "1MB,      1048576",
            "1m,       1048576",
            "2GiB,     2147483648",
            "'  3 MiB ', 3145728"})
    void parsesSizes(String text, long bytes) {
        assertThat(ByteSizes.parse(text)).hasValue(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MiB", "1.5MiB", "-1", "1TB", "1 mebibyte", "ten", "1KiBB", "1ib"})
    void refusesOtherText(String text) {
        assertThat(ByteSizes.parse(text)).isEmpty();
    }

    @Test
    void formatsWithTheLargestExactUnit() {
        assertThat(ByteSizes.format(1024 * 1024)).isEqualTo("1MiB");
        assertThat(ByteSizes.format(256 * 1024)).isEqualTo("256KiB");
        assertThat(ByteSizes.format(3L * 1024 * 1024 * 1024)).isEqualTo("3GiB");
        assertThat(ByteSizes.format(1500)).isEqualTo("1500B");
        assertThat(ByteSizes.format(0)).isEqualTo("0B");
    }

    @Test
    void formatAndParseRoundTrip() {
        for (long bytes : new long[] {1, 1023, 1024, 262144, 1048576, 5L * 1024 * 1024 * 1024}) {
            assertThat(ByteSizes.parse(ByteSizes.format(bytes))).hasValue(bytes);
        }
    }

    @Test
    void hugeNumbersAreRefusedNotThrown() {
        assertThatCode(() -> assertThat(ByteSizes.parse("99999999999999999999")).isEmpty()).doesNotThrowAnyException();
        assertThatCode(() -> assertThat(ByteSizes.parse("9999999999999GiB")).isEmpty()).doesNotThrowAnyException();
    }
}
