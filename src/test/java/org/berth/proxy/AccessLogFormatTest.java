package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {
    private static final Instant TIME = Instant.parse("2026-11-22T10:00:00.123Z");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static AccessLogEntry entry(String peer, String target, String referer, String userAgent) {
        return new AccessLogEntry(address(peer), TIME, "GET", target, "HTTP/1.1", 200, 512,
                Optional.ofNullable(referer), Optional.ofNullable(userAgent), Optional.of("shop.example"), 1234,
                Optional.of("127.0.0.1:43124"));
    }

    @Test
    void combinedIsNginxsFormat() {
        String line = AccessLogFormat.COMBINED.format(entry("203.0.113.9", "/a?b=1", "https://ref.example/",
                "curl/8.5.0"));

        assertThat(line).isEqualTo("203.0.113.9 - - [22/Nov/2026:10:00:00 +0000] \"GET /a?b=1 HTTP/1.1\" 200 512"
                + " \"https://ref.example/\" \"curl/8.5.0\"");
    }

    @Test
    void combinedWritesDashesForAbsentFields() {
        assertThat(AccessLogFormat.COMBINED.format(entry("192.0.2.1", "/", null, null)))
                .endsWith("\" 200 512 \"-\" \"-\"");
    }

    @Test
    void combinedEscapesWhatCouldForgeAFieldOrALine() {
        String line = AccessLogFormat.COMBINED.format(entry("192.0.2.1", "/caf\u00c3\u00a9\\x",
                "a\"b", "evil\" 200 0\n203.0.113.1 - - \u20ac\u0001"));

        assertThat(line).isEqualTo("192.0.2.1 - - [22/Nov/2026:10:00:00 +0000] \"GET /caf\\xC3\\xA9\\x5Cx HTTP/1.1\""
                + " 200 512 \"a\\x22b\" \"evil\\x22 200 0\\x0A203.0.113.1 - - \\xE2\\x82\\xAC\\x01\"");
        assertThat(line).doesNotContain("\n");
    }

    @Test
    void ipv6PeersAreWrittenShort() {
        assertThat(AccessLogFormat.COMBINED.format(entry("::1", "/", null, null))).startsWith("::1 - - [");
        assertThat(AccessLogFormat.COMBINED.format(entry("2001:db8:0:0:0:0:0:1", "/", null, null)))
                .startsWith("2001:db8::1 - - [");
    }

    @Test
    void jsonHoldsEveryField() {
        String line = AccessLogFormat.JSON.format(entry("2001:db8::1", "/a?b=1", null, "curl/8.5.0"));

        JsonObject json = new JsonObject(line);
        assertThat(json.getString("time")).isEqualTo("2026-11-22T10:00:00.123Z");
        assertThat(json.getString("peer")).isEqualTo("2001:db8::1");
        assertThat(json.getString("method")).isEqualTo("GET");
        assertThat(json.getString("target")).isEqualTo("/a?b=1");
        assertThat(json.getString("protocol")).isEqualTo("HTTP/1.1");
        assertThat(json.getInteger("status")).isEqualTo(200);
        assertThat(json.getLong("bytes_sent")).isEqualTo(512);
        assertThat(json.containsKey("referer")).isTrue();
        assertThat(json.getString("referer")).isNull();
        assertThat(json.getString("user_agent")).isEqualTo("curl/8.5.0");
        assertThat(json.getString("host")).isEqualTo("shop.example");
        assertThat(json.getLong("duration_us")).isEqualTo(1234);
        assertThat(json.getString("upstream")).isEqualTo("127.0.0.1:43124");
        assertThat(json.fieldNames()).hasSize(12);
    }

    @Test
    void jsonEscapesAndRoundTrips() {
        String agent = "quote\" backslash\\ newline\n tab\t nul\u0000 del\u007f euro\u20ac emoji\ud83d\ude00 lone\ud800";
        String line = AccessLogFormat.JSON.format(entry("192.0.2.1", "/\"}", agent, agent));

        assertThat(line).doesNotContain("\n").doesNotContain("\u0000");
        JsonObject json = new JsonObject(line);
        assertThat(json.getString("target")).isEqualTo("/\"}");
        assertThat(json.getString("referer")).isEqualTo(agent);
        assertThat(json.getString("user_agent")).isEqualTo(agent);
    }

    @Test
    void formatsAreNamedAsInTheConfiguration() {
        assertThat(AccessLogFormat.named("combined")).contains(AccessLogFormat.COMBINED);
        assertThat(AccessLogFormat.named("JSON")).contains(AccessLogFormat.JSON);
        assertThat(AccessLogFormat.named("common")).isEmpty();
    }
}
