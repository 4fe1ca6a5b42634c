package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** CompactHttpHeaders must behave as Netty's DefaultHttpHeaders: the same operations give the same answers. */
class CompactHttpHeadersTest {
    private static final CharSequence[] NAMES = {
        "Host", "host", HttpHeaderNames.HOST, "X-Forwarded-For", "x-forwarded-for", HttpHeaderNames.CONNECTION,
        "Connection", AsciiString.of("CONNECTION"), "Set-Cookie", "X-A", "x-a", "Content-Length", "Date",
    };
    private static final Object[] VALUES = {
        "a", "", "keep-alive", HttpHeaderValues.CLOSE, "close, Upgrade", "12", "-3", "70000", "x y",
        new Date(1_700_000_000_000L), 42, "Tue, 14 Nov 2023 22:13:20 GMT", AsciiString.of("Upgrade"), " close ,", "close ,  a",
        ",a", "a,", ",", "Keep-Alive,upgrade", "CLOSE",
    };

    private static HttpHeaders compact() {
        return CompactHeadersFactory.HEADERS.newHeaders();
    }

    private static HttpHeaders netty() {
        return DefaultHttpHeadersFactory.headersFactory().newHeaders();
    }

    @Test
    void randomOperationsGiveTheSameAnswersAsNettysHeaders() {
        Random random = new Random(20261206);
        for (int run = 0; run < 300; run++) {
            HttpHeaders ours = compact();
            HttpHeaders theirs = netty();
            for (int step = 0; step < 30; step++) {
                Consumer<HttpHeaders> operation = randomOperation(random);
                // A refused name or value must be refused by both, leaving both in the same state.
                assertThat(failure(operation, ours)).isEqualTo(failure(operation, theirs));
                assertSameView(ours, theirs);
            }
        }
    }

    private static Class<?> failure(Consumer<HttpHeaders> operation, HttpHeaders headers) {
        try {
            operation.accept(headers);
            return null;
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    private static Consumer<HttpHeaders> randomOperation(Random random) {
        CharSequence name = NAMES[random.nextInt(NAMES.length)];
        Object value = VALUES[random.nextInt(VALUES.length)];
        Object other = VALUES[random.nextInt(VALUES.length)];
        boolean clear = random.nextInt(10) == 0;
        return switch (random.nextInt(9)) {
            case 0, 1, 2 -> headers -> headers.add(name, value);
            case 3 -> headers -> headers.set(name, value);
            case 4 -> headers -> headers.remove(name);
            case 5 -> headers -> headers.add(name, List.of(value, other));
            case 6 -> headers -> headers.set(name.toString(), List.of(value, other));
            case 7 -> headers -> headers.setInt(name, 7);
            default -> headers -> {
                if (clear) {
                    headers.clear();
                }
            };
        };
    }

    private static void assertSameView(HttpHeaders ours, HttpHeaders theirs) {
        assertThat(strings(ours)).isEqualTo(strings(theirs));
        assertThat(ours.size()).isEqualTo(theirs.size());
        assertThat(ours.isEmpty()).isEqualTo(theirs.isEmpty());
        // Netty's names() can list one name twice (a String and an AsciiString are never equal): compare without case.
        assertThat(caseless(ours.names())).isEqualTo(caseless(theirs.names()));
        assertThat(ours.entries()).isEqualTo(theirs.entries());
        for (CharSequence name : NAMES) {
            assertThat(ours.get(name)).isEqualTo(theirs.get(name));
            assertThat(ours.get(name.toString())).isEqualTo(theirs.get(name.toString()));
            assertThat(ours.getAll(name)).isEqualTo(theirs.getAll(name));
            assertThat(ours.contains(name)).isEqualTo(theirs.contains(name));
            assertThat(ours.getInt(name)).isEqualTo(theirs.getInt(name));
            assertThat(ours.getShort(name)).isEqualTo(theirs.getShort(name));
            assertThat(ours.getTimeMillis(name)).isEqualTo(nettysTimeMillis(theirs, name));
            for (String token : List.of("close", "Upgrade", "keep-alive", "a", "")) {
                assertThat(ours.containsValue(name, token, true)).isEqualTo(theirs.containsValue(name, token, true));
                assertThat(ours.containsValue(name, token, false)).isEqualTo(theirs.containsValue(name, token, false));
                assertThat(ours.contains(name, token, true)).isEqualTo(theirs.contains(name, token, true));
                assertThat(ours.contains(name.toString(), token, false)).isEqualTo(theirs.contains(name.toString(), token, false));
            }
        }
    }

    /**
     * Netty's headers throw a (checked, undeclared) ParseException for a value that is not a date, where
     * their documentation promises null; ours return null, which is what the test expects then.
     */
    private static Long nettysTimeMillis(HttpHeaders theirs, CharSequence name) {
        try {
            return theirs.getTimeMillis(name);
        } catch (Exception notADate) {
            return null;
        }
    }

    private static Set<String> caseless(Set<String> names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(names);
        return set;
    }

    /** Every header as "name: value", in iteration order, through the iterator the encoders use. */
    private static List<String> strings(HttpHeaders headers) {
        List<String> lines = new ArrayList<>();
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            lines.add(header.getKey() + ": " + header.getValue());
        }
        return lines;
    }

    @Test
    void namesAndValuesAreCheckedAsNettyChecksThem() {
        for (HttpHeaders headers : List.of(compact(), netty())) {
            assertThatThrownBy(() -> headers.add("Bad Name", "x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> headers.add("", "x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> headers.set("X-A", "one\r\nInjected: yes")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> headers.add("X-A", "nul\0")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> headers.add("X-A", (Object) null)).isInstanceOf(NullPointerException.class);
            assertThat(headers.isEmpty()).isTrue();
        }
    }

    @Test
    void trailersRefuseTheHeadersThatFrameAMessage() {
        HttpHeaders trailers = CompactHeadersFactory.TRAILERS.newHeaders();
        trailers.add("X-Checksum", "abc");
        for (String framing : List.of("Content-Length", "transfer-encoding", "Trailer")) {
            assertThatThrownBy(() -> trailers.add(framing, "1")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(trailers.get("x-checksum")).isEqualTo("abc");
    }

    @Test
    void theEncodersIteratorRemovesInPlaceAndACopyIsIndependent() {
        HttpHeaders headers = compact().add("A", "1").add("B", "2").add("C", "3");
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            if (it.next().getKey().equals("B")) {
                it.remove();
            }
        }
        HttpHeaders copy = headers.copy();
        copy.add("D", "4");
        assertThat(strings(headers)).containsExactly("A: 1", "C: 3");
        assertThat(strings(copy)).containsExactly("A: 1", "C: 3", "D: 4");
    }

    @Test
    void theStringIteratorRemovesInPlaceToo() {
        // Netty's own String iterator refuses remove ("read only"); a copy that ignored it would be worse than either.
        HttpHeaders headers = compact().add("A", "1").add("B", "2").add("C", "3");
        for (Iterator<Map.Entry<String, String>> it = headers.iterator(); it.hasNext(); ) {
            if (it.next().getKey().equals("B")) {
                it.remove();
            }
        }
        assertThat(strings(headers)).containsExactly("A: 1", "C: 3");
    }
}
