package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaticRangeTest {

    @Test
    void noHeaderMeansTheWholeFile() {
        assertThat(StaticRange.of(null, 10)).isEqualTo(new StaticRange.Whole());
    }

    @Test
    void rangesAreClippedToTheFile() {
        assertThat(StaticRange.of("bytes=0-0", 1)).isEqualTo(new StaticRange.Part(0, 1));
        assertThat(StaticRange.of("bytes=3-100", 5)).isEqualTo(new StaticRange.Part(3, 2));
        assertThat(StaticRange.of("bytes=-9223372036854775807", 5)).isEqualTo(new StaticRange.Part(0, 5));
    }

    @Test
    void contentRangeNamesTheLastByteInclusively() {
        assertThat(new StaticRange.Part(0, 1).contentRange(10)).isEqualTo("bytes 0-0/10");
        assertThat(new StaticRange.Part(5, 5).contentRange(10)).isEqualTo("bytes 5-9/10");
    }

    @Test
    void largeFilesWork() {
        long size = 5L * 1024 * 1024 * 1024;
        assertThat(StaticRange.of("bytes=4294967296-", size)).isEqualTo(new StaticRange.Part(4294967296L, size - 4294967296L));
    }
}
