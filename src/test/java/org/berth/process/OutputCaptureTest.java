package org.berth.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private final List<byte[]> chunks = new ArrayList<>();

    private OutputCapture capture(long limit) {
        return new OutputCapture(limit, chunk -> {
            chunks.add(chunk);
            seen.writeBytes(chunk);
        });
    }

    private static byte[] numbered(int lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append(String.format("line %05d%n", i));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void underTheLimitEverythingIsKept() throws IOException {
        OutputCapture output = capture(1000);
        byte[] input = numbered(50); // 550 bytes
        output.pump(new ByteArrayInputStream(input));

        assertThat(output.text()).isEqualTo(new String(input, StandardCharsets.UTF_8));
        assertThat(output.truncated()).isFalse();
        assertThat(output.totalBytes()).isEqualTo(550);
    }

    @Test
    void exactlyAtTheLimitNothingIsLeftOut() {
        OutputCapture output = capture(100);
        byte[] input = "x".repeat(100).getBytes(StandardCharsets.UTF_8);
        output.append(input);
        assertThat(output.truncated()).isFalse();
        assertThat(output.text()).isEqualTo("x".repeat(100));
    }

    @Test
    void overTheLimitHeadAndTailAreKept() throws IOException {
        OutputCapture output = capture(200);
        byte[] input = numbered(1000); // 11000 bytes, 11 per line
        output.pump(new ByteArrayInputStream(input));
        String all = new String(input, StandardCharsets.UTF_8);

        assertThat(output.truncated()).isTrue();
        assertThat(output.totalBytes()).isEqualTo(11000);
        assertThat(output.text()).isEqualTo(all.substring(0, 100)
                + "\n[berth] … 10800 bytes of output left out …\n"
                + all.substring(all.length() - 100));
        assertThat(output.text()).startsWith("line 00000\n").endsWith("line 00999\n");
    }

    @Test
    void oneByteOverTheLimit() {
        OutputCapture output = capture(10);
        output.append("0123456789A".getBytes(StandardCharsets.UTF_8));
        assertThat(output.truncated()).isTrue();
        assertThat(output.text()).isEqualTo("01234\n[berth] … 1 bytes of output left out …\n6789A");
    }

    @Test
    void manySmallChunksKeepTheMostRecentTail() {
        OutputCapture output = capture(20);
        for (int i = 0; i < 100; i++) {
            output.append(new byte[] {(byte) ('a' + i % 26)});
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            expected.append((char) ('a' + i % 26));
        }
        assertThat(output.text()).isEqualTo(expected.substring(0, 10) + "\n[berth] … 80 bytes of output left out …\n"
                + expected.substring(90));
    }

    @Test
    void theListenerSeesEveryByteInOrder() throws IOException {
        OutputCapture output = capture(64);
        byte[] input = numbered(5000); // 55000 bytes, several 8 KiB reads
        output.pump(new ByteArrayInputStream(input));
        output.note("done");

        assertThat(chunks.size()).isGreaterThan(2);
        byte[] expected = (new String(input, StandardCharsets.UTF_8) + "[berth] done\n").getBytes(StandardCharsets.UTF_8);
        assertThat(seen.toByteArray()).isEqualTo(expected);
        assertThat(output.totalBytes()).isEqualTo(expected.length);
        assertThat(output.text()).endsWith("[berth] done\n").contains("bytes of output left out");
    }

    @Test
    void notesAreMarkedAsBerths() {
        OutputCapture output = capture(1000);
        output.append("recipe says hi\n".getBytes(StandardCharsets.UTF_8));
        output.note("time limit of 1s reached");
        assertThat(output.text()).isEqualTo("recipe says hi\n[berth] time limit of 1s reached\n");
        assertThat(new String(seen.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(output.text());
    }

    @Test
    void anEmptyStreamGivesEmptyText() throws IOException {
        OutputCapture output = capture(1000);
        output.pump(new ByteArrayInputStream(new byte[0]));
        assertThat(output.text()).isEmpty();
        assertThat(output.truncated()).isFalse();
        assertThat(chunks).isEmpty();
    }
}
