package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ForwardingHeadersTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddresses.forString("::"), 80);

    private static ClientPeer peer(String address, boolean trusted) {
        return ClientPeer.of(new InetSocketAddress(InetAddresses.forString(address), 40000), LOCAL, ip -> trusted);
    }

    @Test
    void anIpv6ClientIsQuotedAndBracketedInForwarded() {
        HttpHeaders headers = new DefaultHttpHeaders();
        ForwardingHeaders.apply(headers, peer("2001:db8::1", false), "example.org", "http");
        assertThat(headers.get("Forwarded")).isEqualTo("for=\"[2001:db8::1]\";host=example.org;proto=http");
        assertThat(headers.get("X-Forwarded-For")).isEqualTo("2001:db8::1");
        assertThat(headers.get("X-Forwarded-Port")).isEqualTo("80");
    }

    @Test
    void aHostThatIsNoTokenIsQuotedWithItsQuotesEscaped() {
        assertThat(ForwardingHeaders.element(peer("192.0.2.1", false), "a\"b:81", "http"))
                .isEqualTo("for=192.0.2.1;host=\"a\\\"b:81\";proto=http");
    }

    @Test
    void withoutHostForwardedLeavesItOut() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-Host", "spoofed");
        ForwardingHeaders.apply(headers, peer("192.0.2.1", false), null, "http");
        assertThat(headers.get("Forwarded")).isEqualTo("for=192.0.2.1;proto=http");
        assertThat(headers.contains("X-Forwarded-Host")).isFalse();
    }

    @Test
    void repeatedForwardedForLinesFromATrustedProxyAreJoinedInOrder() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-For", "203.0.113.1").add("X-Forwarded-For", "10.0.0.1");
        ForwardingHeaders.apply(headers, peer("10.0.0.2", true), "example.org", "http");
        assertThat(headers.getAll("X-Forwarded-For")).containsExactly("203.0.113.1, 10.0.0.1, 10.0.0.2");
    }

    @Test
    void theClientAddressComesFromATrustedProxysHeaderOnly() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-For", "203.0.113.1, 10.0.0.1");
        assertThat(ForwardingHeaders.client(peer("10.0.0.2", true), headers)).isEqualTo(InetAddresses.forString("203.0.113.1"));
        assertThat(ForwardingHeaders.client(peer("10.0.0.2", false), headers)).isEqualTo(InetAddresses.forString("10.0.0.2"));
        assertThat(ForwardingHeaders.client(peer("10.0.0.2", true), new DefaultHttpHeaders().add("X-Forwarded-For", "junk")))
                .isEqualTo(InetAddresses.forString("10.0.0.2"));
    }
}
