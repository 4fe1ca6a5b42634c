package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KnownSpellingsTest {

    private static AsciiString constant(String line, int start, int length) {
        return KnownSpellings.RESPONSE_HEADER_NAMES.find(line.getBytes(StandardCharsets.US_ASCII), start, length);
    }

    /** The constant's text, or null: what the client would receive in place of the backend's bytes. */
    private static String find(String line, int start, int length) {
        AsciiString name = constant(line, start, length);
        return name == null ? null : name.toString();
    }

    @Test
    void aCommonNameIsFoundInItsUsualSpellingAndInLowerCase() {
        assertThat(find("Content-Type: text/html", 0, 12)).isEqualTo("Content-Type");
        assertThat(find("content-length: 5", 0, 14)).isEqualTo("content-length");
        assertThat(find("xxAccess-Control-Allow-Origin: *", 2, 27)).isEqualTo("Access-Control-Allow-Origin");
    }

    @Test
    void theSameNameIsTheSameConstantEveryTime() {
        assertThat((Object) constant("Server: a", 0, 6)).isNotNull().isSameAs(constant("Server: b", 0, 6));
    }

    @Test
    void anyOtherSpellingOrNameIsNotReplaced() {
        assertThat(find("CONTENT-TYPE: x", 0, 12)).isNull();
        assertThat(find("Content-Typo: x", 0, 12)).isNull();
        assertThat(find("X-Custom: x", 0, 8)).isNull();
        assertThat(find("Content-Type-Options: x", 0, 20)).isNull();
        assertThat(find("Content-Type", 0, 7)).isNull();
        assertThat(find("A-Header-Name-Longer-Than-Any-Common-One: x", 0, 40)).isNull();
        assertThat(find(": x", 0, 0)).isNull();
    }

    @Test
    void statusLineWordsAreConstantsAndOnlyExactMatchesCount() {
        byte[] line = "HTTP/1.1 200 OK".getBytes(StandardCharsets.US_ASCII);
        assertThat(KnownSpellings.STATUS_LINE_WORDS.find(line, 0, 8).toString()).isSameAs(
                KnownSpellings.STATUS_LINE_WORDS.find("HTTP/1.1 404 Not Found".getBytes(StandardCharsets.US_ASCII), 0, 8).toString());
        assertThat(KnownSpellings.STATUS_LINE_WORDS.find(line, 9, 3).toString()).isEqualTo("200");
        assertThat(KnownSpellings.STATUS_LINE_WORDS.find(line, 13, 2).toString()).isEqualTo("OK");
        assertThat((Object) KnownSpellings.STATUS_LINE_WORDS.find("HTTP/1.1 299 Ok".getBytes(StandardCharsets.US_ASCII), 9, 3)).isNull();
        assertThat((Object) KnownSpellings.STATUS_LINE_WORDS.find("HTTP/1.1 299 Ok".getBytes(StandardCharsets.US_ASCII), 13, 2)).isNull();
    }
}
